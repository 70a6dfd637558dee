import katex from 'katex';
import type MarkdownIt from 'markdown-it';
import type { StateBlock, StateInline } from 'markdown-it';

/**
 * TeX math for markdown-it: `$…$` and `\(…\)` inline, `$$…$$` and `\[…\]` as display math,
 * rendered to HTML by KaTeX when the Markdown is rendered. Shared content is hostile, so KaTeX
 * runs untrusted (no \href, \url, \includegraphics, \html…), never throws, and is bounded in
 * the sizes and macro expansions it accepts.
 */

const KATEX_OPTIONS = {
  throwOnError: false,
  trust: false,
  strict: 'ignore',
  maxSize: 20,
  maxExpand: 500,
  output: 'htmlAndMathml',
} as const;

// Longest inline formula we look for: a lone `$` (a price) must not make the scan quadratic.
const MAX_INLINE_LENGTH = 4000;

const DOLLAR = 0x24;
const BACKSLASH = 0x5c;

/** Inline math stays in the text; display math gets a scrolling box, a `span` inside a paragraph. */
function renderMath(tex: string, display: 'inline' | 'span' | 'block'): string {
  const html = katex.renderToString(tex, { ...KATEX_OPTIONS, displayMode: display !== 'inline' });
  if (display === 'inline') return html;
  return display === 'span'
    ? `<span class="math-display">${html}</span>`
    : `<div class="math-display">${html}</div>\n`;
}

/** Where `$…$` closes: a `$` not escaped, not after a space, not before a digit ("$5 and $6"). */
function findClosingDollar(src: string, from: number, limit: number): number {
  for (let i = from; i < limit; i++) {
    if (src.charCodeAt(i) === BACKSLASH) {
      i++;
      continue;
    }
    if (src.charCodeAt(i) !== DOLLAR) continue;
    const before = src[i - 1] ?? '';
    const after = src.charCodeAt(i + 1);
    if (/\s/.test(before) || (after >= 0x30 && after <= 0x39)) return -1;
    return i;
  }
  return -1;
}

function mathInline(state: StateInline, silent: boolean): boolean {
  const { src, pos, posMax } = state;
  const limit = Math.min(posMax, pos + MAX_INLINE_LENGTH);
  let open: string;
  let close: string;
  if (src.charCodeAt(pos) === BACKSLASH) {
    const next = src[pos + 1];
    if (next === '(') [open, close] = ['\\(', '\\)'];
    else if (next === '[') [open, close] = ['\\[', '\\]'];
    else return false;
  } else if (src.charCodeAt(pos) === DOLLAR) {
    [open, close] = src.charCodeAt(pos + 1) === DOLLAR ? ['$$', '$$'] : ['$', '$'];
  } else {
    return false;
  }

  const start = pos + open.length;
  let end: number;
  if (open === '$') {
    if (/\s/.test(src[start] ?? ' ')) return false;
    end = findClosingDollar(src, start, limit);
  } else {
    end = src.indexOf(close, start);
    if (end >= limit) end = -1;
  }
  if (end < 0 || end === start) return false;

  if (!silent) {
    const token = state.push(open === '$' || open === '\\(' ? 'math_inline' : 'math_display', 'math', 0);
    token.markup = open;
    token.content = src.slice(start, end);
  }
  state.pos = end + close.length;
  return true;
}

/** A display block: a line starting with `$$` or `\[`, up to the line that ends with its closer. */
function mathBlock(state: StateBlock, startLine: number, endLine: number, silent: boolean): boolean {
  const first = (state.bMarks[startLine] ?? 0) + (state.tShift[startLine] ?? 0);
  const firstEnd = state.eMarks[startLine] ?? 0;
  if ((state.sCount[startLine] ?? 0) - state.blkIndent >= 4) return false;
  const line = state.src.slice(first, firstEnd);
  const open = line.startsWith('$$') ? '$$' : line.startsWith('\\[') ? '\\[' : null;
  if (open === null) return false;
  const close = open === '$$' ? '$$' : '\\]';

  let content: string;
  let lastLine = startLine;
  const rest = line.slice(open.length).trimEnd();
  if (rest.endsWith(close)) {
    content = rest.slice(0, -close.length);
  } else if (rest.includes(close)) {
    return false; // `$$x$$ and more` is a paragraph with math in it
  } else {
    const lines = [rest];
    for (;;) {
      lastLine++;
      if (lastLine >= endLine) return false;
      const text = state.src.slice(
        (state.bMarks[lastLine] ?? 0) + (state.tShift[lastLine] ?? 0),
        state.eMarks[lastLine] ?? 0,
      );
      const trimmed = text.trimEnd();
      if (trimmed.endsWith(close)) {
        lines.push(trimmed.slice(0, -close.length));
        break;
      }
      lines.push(text);
    }
    content = lines.join('\n');
  }
  if (content.trim() === '') return false;
  if (silent) return true;

  const token = state.push('math_block', 'math', 0);
  token.block = true;
  token.content = content;
  token.markup = open;
  token.map = [startLine, lastLine + 1];
  state.line = lastLine + 1;
  return true;
}

/** The markdown-it plugin. */
export function mathPlugin(md: MarkdownIt): void {
  md.inline.ruler.before('escape', 'math_inline', mathInline);
  md.block.ruler.before('fence', 'math_block', mathBlock, {
    alt: ['paragraph', 'reference', 'blockquote', 'list'],
  });
  md.renderer.rules.math_inline = (tokens, idx) => renderMath(tokens[idx]?.content ?? '', 'inline');
  md.renderer.rules.math_display = (tokens, idx) => renderMath(tokens[idx]?.content ?? '', 'span');
  md.renderer.rules.math_block = (tokens, idx) => renderMath(tokens[idx]?.content ?? '', 'block');
}
