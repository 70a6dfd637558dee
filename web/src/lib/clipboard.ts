/** Copies text; fails in words where the browser has no clipboard (plain http on another host). */
export async function copyText(text: string): Promise<void> {
  if (!window.isSecureContext || !('clipboard' in navigator)) {
    throw new Error(`This browser does not allow copying here; the link is ${text}`);
  }
  try {
    await navigator.clipboard.writeText(text);
  } catch {
    throw new Error(`The browser refused to copy; the link is ${text}`);
  }
}
