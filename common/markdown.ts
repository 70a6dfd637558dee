import hljs from 'highlight.js/lib/common';
import MarkdownIt from 'markdown-it';
import type { Token } from 'markdown-it';
import { mathPlugin } from './markdown-math.js';

/**
 * The one Markdown renderer of Parley: the share page renders with it on the server, the web
 * app in the browser. Message content is written by other people and models, so the output is
 * safe HTML: no raw HTML, links only to http, https and mailto, no image that would load a
 * third-party resource (and tell it who is reading), code highlighted and escaped.
 */

const md = new MarkdownIt('default', { html: false, linkify: true, breaks: true, typographer: false });

const SAFE_PROTOCOLS = new Set(['http:', 'https:', 'mailto:']);

/**
 * Whether a link may be followed: an absolute http, https or mailto URL, as a browser parses
 * it (it drops tabs and newlines and ignores case, so `Java\tScript:` is `javascript:`).
 */
export function isSafeHref(href: string): boolean {
  if (!URL.canParse(href)) return false;
  return SAFE_PROTOCOLS.has(new URL(href).protocol);
}

const defaultValidateLink = md.validateLink.bind(md);
md.validateLink = (url) => defaultValidateLink(url) && isSafeHref(url);

export const escapeHtml: (text: string) => string = md.utils.escapeHtml;

const LINK_REL = 'noopener noreferrer nofollow ugc';

md.renderer.rules.link_open = (tokens, idx, options, _env, self) => {
  const token = tokens[idx];
  if (!token) return '';
  if (!isSafeHref(token.attrGet('href') ?? '')) return '<a>'; // never reached: validateLink refuses it first
  token.attrSet('rel', LINK_REL);
  token.attrSet('target', '_blank');
  return self.renderToken(tokens, idx, options);
};

function insideLink(tokens: Token[], idx: number): boolean {
  let depth = 0;
  for (let i = idx - 1; i >= 0; i--) {
    const type = tokens[i]?.type;
    if (type === 'link_close') depth--;
    else if (type === 'link_open') depth++;
  }
  return depth > 0;
}

// An image becomes a link to it, labelled with its alt text: nothing loads until the reader asks.
md.renderer.rules.image = (tokens, idx, options, env, self) => {
  const token = tokens[idx];
  if (!token) return '';
  const alt = escapeHtml(self.renderInlineAsText(token.children ?? [], options, env) || 'image');
  const src = token.attrGet('src') ?? '';
  if (insideLink(tokens, idx) || !isSafeHref(src)) return `<span class="md-image">${alt}</span>`;
  const title = token.attrGet('title');
  const titleAttr = title ? ` title="${escapeHtml(title)}"` : '';
  return `<a class="md-image" href="${escapeHtml(src)}"${titleAttr} rel="${LINK_REL}" target="_blank">${alt}</a>`;
};

const LANGUAGE_NAME = /^[\w+#.-]{1,32}$/;

/** A fenced code block: a header with the language and a Copy button, then the highlighted code. */
function renderCodeBlock(code: string, info: string): string {
  const lang = info.trim().split(/\s+/)[0] ?? '';
  const known = LANGUAGE_NAME.test(lang) && hljs.getLanguage(lang) !== undefined;
  const body = known ? hljs.highlight(code, { language: lang, ignoreIllegals: true }).value : escapeHtml(code);
  const codeClass = known ? `hljs language-${lang.toLowerCase()}` : 'hljs';
  const label = escapeHtml(lang.slice(0, 32) || 'text');
  return (
    `<div class="code-block"><div class="code-header"><span class="code-lang">${label}</span>` +
    `<button type="button" class="copy-code">Copy</button></div>` +
    `<pre tabindex="0"><code class="${escapeHtml(codeClass)}">${body}</code></pre></div>\n`
  );
}

// Indented code has no header; its <pre> scrolls, and takes focus, as a fenced block's does.
md.core.ruler.push('focusable_code', (state) => {
  for (const token of state.tokens) if (token.type === 'code_block') token.attrSet('tabindex', '0');
});

md.renderer.rules.fence = (tokens, idx) => {
  const token = tokens[idx];
  return token ? renderCodeBlock(token.content, md.utils.unescapeAll(token.info)) : '';
};

// Wide tables scroll inside the column instead of widening the page. Like code blocks, the box
// that scrolls takes focus, so that a keyboard can scroll it too (arrow keys).
md.renderer.rules.table_open = () => '<div class="table-wrap" tabindex="0"><table>\n';
md.renderer.rules.table_close = () => '</table></div>\n';

// The page has its own h1 (the title) and h2 (each message): shared headings start at h3.
const DEMOTED: Record<string, string> = { h1: 'h3', h2: 'h4', h3: 'h5', h4: 'h6', h5: 'h6', h6: 'h6' };
md.core.ruler.push('demote_headings', (state) => {
  for (const token of state.tokens) {
    if (token.type === 'heading_open' || token.type === 'heading_close') {
      token.tag = DEMOTED[token.tag] ?? token.tag;
    }
  }
});

md.use(mathPlugin);

/** Message content (Markdown with TeX math) as safe HTML. */
export function renderMarkdown(content: string): string {
  return md.render(content);
}
