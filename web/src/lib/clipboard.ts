/**
 * Copies text, or text still on its way (a link the server is making). Browsers let a page write
 * to the clipboard only close to a click: Safari only while the click's handler runs, so text that
 * arrives after an await goes in as a promised ClipboardItem, started before the await. On plain
 * http (a self-hosted instance on the LAN) there is no Clipboard API at all, and the old
 * textarea + execCommand('copy') way still works. Call it from the click handler itself.
 */
export async function copyText(text: string | Promise<string>): Promise<void> {
  const clipboard = window.isSecureContext && 'clipboard' in navigator ? navigator.clipboard : null;
  if (typeof text !== 'string' && clipboard && typeof ClipboardItem === 'function') {
    const item = new ClipboardItem({ 'text/plain': text.then((value) => new Blob([value], { type: 'text/plain' })) });
    try {
      await clipboard.write([item]);
      return;
    } catch (error) {
      const value = await text; // the text's own failure (the link was not made) comes first
      if (!copyWithTextarea(value)) throw refused(value, error);
      return;
    }
  }
  const value = await text;
  if (clipboard) {
    try {
      await clipboard.writeText(value);
      return;
    } catch (error) {
      if (!copyWithTextarea(value)) throw refused(value, error);
      return;
    }
  }
  if (!copyWithTextarea(value)) throw refused(value);
}

function refused(text: string, cause?: unknown): Error {
  return new Error(`The browser refused to copy. Copy it by hand: ${text}`, { cause });
}

/** The way before the Clipboard API: select a hidden textarea's text and ask for a copy. */
function copyWithTextarea(text: string): boolean {
  const area = document.createElement('textarea');
  area.value = text;
  area.setAttribute('readonly', '');
  area.style.position = 'fixed';
  area.style.opacity = '0';
  document.body.append(area);
  const focused = document.activeElement;
  area.select();
  try {
    // Deprecated, and still the only way to copy where the Clipboard API is missing.
    // eslint-disable-next-line @typescript-eslint/no-deprecated
    return document.execCommand('copy');
  } finally {
    area.remove();
    if (focused instanceof HTMLElement) focused.focus();
  }
}
