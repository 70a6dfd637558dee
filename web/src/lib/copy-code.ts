import type { MouseEvent } from 'react';
import { copyText } from './clipboard';

const RESET_MS = 2000;

/**
 * The Copy buttons of rendered code blocks (`.copy-code`, made by common/markdown.ts), one handler
 * for a whole thread: put it on the element around the messages. The buttons live in HTML that
 * React does not own, so their label is set on the button itself, as the share page's script does.
 */
export function onCopyCodeClick(event: MouseEvent): void {
  const button = event.target instanceof Element ? event.target.closest('button.copy-code') : null;
  const code = button?.closest('.code-block')?.querySelector('pre code');
  if (!(button instanceof HTMLButtonElement) || !code) return;
  copyText(code.textContent).then(
    () => showResult(button, 'Copied'),
    () => showResult(button, 'Copy failed'),
  );
}

function showResult(button: HTMLButtonElement, label: string): void {
  button.textContent = label;
  setTimeout(() => {
    button.textContent = 'Copy';
  }, RESET_MS);
}
