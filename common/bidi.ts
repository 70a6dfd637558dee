/**
 * Unicode bidi controls in user text (titles, names, file names). Left as they are, an override
 * such as U+202E in a title "\u202Egnp.exe" makes it read "exe.png", and an unclosed one flips the
 * text shown after it. See docs/architecture.md ("Bidi controls in user text").
 */

const EMBEDDINGS = new Set(['\u202A', '\u202B', '\u202D', '\u202E']); // LRE RLE LRO RLO
const POP_EMBEDDING = '\u202C'; // PDF
const ISOLATES = new Set(['\u2066', '\u2067', '\u2068']); // LRI RLI FSI
const POP_ISOLATE = '\u2069'; // PDI

/** Every bidi control: embeddings, overrides, isolates, their pops and the marks LRM, RLM, ALM. */
export const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C]/g;

/**
 * The text with its unpaired embedding, override and isolate controls dropped: an opener never
 * closed and a closer that closes nothing. Pairs follow UAX #9: a PDI closes its isolate and the
 * embeddings opened inside it, a PDF closes only an embedding opened inside the same isolate.
 */
export function balanceBidi(text: string): string {
  // UTF-16 units: every control is one, and surrogate pairs pass through untouched.
  const chars = text.split('');
  const keep = chars.map(() => true);
  const open: { index: number; isolate: boolean }[] = [];
  chars.forEach((char, index) => {
    if (EMBEDDINGS.has(char) || ISOLATES.has(char)) {
      open.push({ index, isolate: ISOLATES.has(char) });
    } else if (char === POP_EMBEDDING) {
      const top = open.at(-1);
      if (top !== undefined && !top.isolate) open.pop();
      else keep[index] = false;
    } else if (char === POP_ISOLATE) {
      if (!open.some((o) => o.isolate)) {
        keep[index] = false;
        return;
      }
      // Embeddings left open inside the isolate were unpaired: drop them with it closed.
      for (let top = open.pop(); top !== undefined && !top.isolate; top = open.pop()) keep[top.index] = false;
    }
  });
  for (const unclosed of open) keep[unclosed.index] = false;
  return chars.filter((_, index) => keep[index]).join('');
}

/** Characters that can reorder text: the controls, and letters of right-to-left scripts. */
const REORDERING = /[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFF]|[\u{10800}-\u{10FFF}\u{1E800}-\u{1EFFF}]/u;

/**
 * User text for a plain-text context (`<title>`, og:title, Markdown): balanced, then wrapped in
 * FSI … PDI so that nothing in it reorders the text around it. Text with no control and no
 * right-to-left letter cannot, and stays as it is (no invisible characters to copy along);
 * empty text stays empty.
 */
export function isolateBidi(text: string): string {
  const balanced = balanceBidi(text);
  if (balanced === '' || !REORDERING.test(text)) return balanced;
  return `\u2068${balanced}\u2069`;
}

/** A file name without any bidi control: wrapping it would put a PDI after its extension. */
export const stripBidi = (text: string): string => text.replace(BIDI_CONTROLS, '');
