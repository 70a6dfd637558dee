import type { ReactNode } from 'react';

/**
 * A title or a name someone typed, isolated in a `<bdi>` so that bidi controls in it (an override
 * such as U+202E) cannot reorder the text around it (docs/architecture.md, "Bidi controls in user text").
 */
export function UserText({ children, className }: { children: ReactNode; className?: string }) {
  return <bdi className={className ? `user-text ${className}` : 'user-text'}>{children}</bdi>;
}
