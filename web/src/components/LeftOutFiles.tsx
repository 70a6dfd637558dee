import type { LeftOutFile } from '../../../common/handoff';
import { describeLeftOut } from '../lib/community';
import { UserText } from './UserText';

/** The files a hand-off to the community did not carry, and why (docs/api.md, Community hub). */
export function LeftOutFiles({ leftOut }: { leftOut: readonly LeftOutFile[] | undefined }) {
  const described = describeLeftOut(leftOut);
  if (!described) return null;
  return (
    <div role="note" className="rounded-xl bg-amber-50 px-4 py-3 text-sm text-amber-900 dark:bg-amber-950/40 dark:text-amber-200">
      <p className="font-medium">{described.summary}</p>
      <ul className="mt-1 list-disc pl-5">
        {described.files.map((file, i) => (
          <li key={i}>
            <UserText>{file.name}</UserText> ({file.reason})
          </li>
        ))}
      </ul>
    </div>
  );
}
