import { describe, expect, it } from 'vitest';
import { isSafeHref, renderMarkdown } from './markdown.js';
import { findUnsafeHtml } from './html-audit.js';
import { XSS_CORPUS } from './xss-corpus.js';

describe('renderMarkdown: Markdown', () => {
  it('demotes headings below the page title and the message headings', () => {
    const html = renderMarkdown('# One\n\n## Two\n\n### Three\n\n###### Six');
    expect(html).toContain('<h3>One</h3>');
    expect(html).toContain('<h4>Two</h4>');
    expect(html).toContain('<h5>Three</h5>');
    expect(html).toContain('<h6>Six</h6>');
    expect(html).not.toMatch(/<h[12]/);
  });

  it('renders emphasis, lists, quotes and line breaks', () => {
    const html = renderMarkdown('**bold** *it* ~~gone~~\nnext\n\n- a\n- b\n\n3. c\n\n> quoted');
    expect(html).toContain('<strong>bold</strong> <em>it</em> <s>gone</s><br>');
    expect(html).toContain('<ul>\n<li>a</li>\n<li>b</li>\n</ul>');
    expect(html).toContain('<ol start="3">');
    expect(html).toContain('<blockquote>\n<p>quoted</p>');
  });

  it('renders GFM tables in a scrolling wrapper', () => {
    const html = renderMarkdown('| a | b |\n|---|:-:|\n| 1 | 2 |');
    expect(html).toMatch(/^<div class="table-wrap" tabindex="0"><table>/);
    expect(html).toContain('<th style="text-align:center">b</th>');
    expect(html).toContain('<td>1</td>');
  });

  it('renders links that open apart from the page and tell nothing to the target', () => {
    const html = renderMarkdown('[docs](https://example.com/a?b=1&c=2 "The docs") and www.example.org and a@example.com');
    expect(html).toContain(
      '<a href="https://example.com/a?b=1&amp;c=2" title="The docs" rel="noopener noreferrer nofollow ugc" target="_blank">docs</a>',
    );
    expect(html).toContain('<a href="http://www.example.org" rel="noopener noreferrer nofollow ugc" target="_blank">');
    expect(html).toContain('<a href="mailto:a@example.com"');
  });

  it('renders an image as a link labelled with its alt text, never as <img>', () => {
    const html = renderMarkdown('![A cat](https://example.com/cat.png)');
    expect(html).toContain('<a class="md-image" href="https://example.com/cat.png"');
    expect(html).toContain('>A cat</a>');
    expect(html).not.toContain('<img');
    // An image inside a link is only its text: links do not nest.
    expect(renderMarkdown('[![b](https://e.com/b.png)](https://e.com)')).toContain(
      '<span class="md-image">b</span></a>',
    );
  });

  it('highlights fenced code and gives it a header with the language and a Copy button', () => {
    const html = renderMarkdown('```python\ndef f(x):\n    return x < 1\n```');
    expect(html).toContain('<div class="code-block"><div class="code-header"><span class="code-lang">python</span>');
    expect(html).toContain('<button type="button" class="copy-code">Copy</button>');
    expect(html).toContain('<code class="hljs language-python"><span class="hljs-keyword">def</span>');
    expect(html).toContain('x &lt; <span class="hljs-number">1</span>');
  });

  it('escapes code in an unknown or missing language without guessing one', () => {
    const html = renderMarkdown('```nosuchlang\n<b>x</b>\n```\n\n```\nplain\n```');
    expect(html).toContain('<span class="code-lang">nosuchlang</span>');
    expect(html).toContain('<code class="hljs">&lt;b&gt;x&lt;/b&gt;\n</code>');
    expect(html).toContain('<span class="code-lang">text</span>');
    expect(html).not.toContain('hljs-');
  });

  it('renders inline math with $…$ and \\(…\\), and leaves prices alone', () => {
    const html = renderMarkdown('Euler: $e^{i\\pi}+1=0$, also \\(x_1\\). It costs $5 and $10.');
    expect(html.match(/<span class="katex">/g)).toHaveLength(2);
    expect(html).toContain('<annotation encoding="application/x-tex">e^{i\\pi}+1=0</annotation>');
    expect(html).toContain('<annotation encoding="application/x-tex">x_1</annotation>');
    expect(html).toContain('It costs $5 and $10.');
    expect(renderMarkdown('\\$x\\$')).toBe('<p>$x$</p>\n');
  });

  it('renders display math with $$…$$ and \\[…\\], as blocks and inside paragraphs', () => {
    const block = renderMarkdown('$$\n\\sum_{i=1}^n i\n$$\n\n\\[\n\\sqrt{2}\n\\]');
    expect(block.match(/<div class="math-display"><span class="katex-display">/g)).toHaveLength(2);
    const inline = renderMarkdown('so $$a=b$$ holds');
    expect(inline).toMatch(/^<p>so <span class="math-display"><span class="katex-display">/);
    expect(inline).toContain(' holds</p>');
  });

  it('shows a TeX error in place instead of failing the page', () => {
    const html = renderMarkdown('$\\frac{1}{$ and more');
    expect(html).toContain('katex-error');
    expect(html).toContain('and more');
  });
});

describe('renderMarkdown: hostile content', () => {
  it('has a corpus of at least 40 payloads', () => {
    expect(XSS_CORPUS.length).toBeGreaterThanOrEqual(40);
  });

  it.each(XSS_CORPUS)('renders "$name" to safe HTML', ({ markdown }) => {
    const html = renderMarkdown(markdown);
    expect(findUnsafeHtml(html)).toEqual([]);
    // The markup alone: escaped text and attribute values may quote a payload, harmlessly.
    const markup = html.replace(/>[^<]*</g, '><').replace(/"[^"]*"/g, '""');
    expect(markup).not.toMatch(/<(script|iframe|object|embed|img|style|base|form|input|meta|link|body)\b/i);
    expect(markup).not.toMatch(/\son\w+\s*=/i);
    expect(html).not.toMatch(/(href|src|action)\s*=\s*"\s*(javascript|data|vbscript|file):/i);
  });

  it('keeps KaTeX untrusted: no link, image or html* command survives', () => {
    for (const tex of ['\\href{https://example.com}{x}', '\\url{https://example.com}', '\\includegraphics{https://example.com/p.png}', '\\htmlClass{c}{x}', '\\htmlId{i}{x}', '\\htmlData{a=b}{x}', '\\htmlStyle{color:red}{x}']) {
      const html = renderMarkdown(`$${tex}$`);
      expect(html).not.toMatch(/<a |<img|\sid="i"|data-a=|class="c"/);
      expect(html).toContain('color:#cc0000'); // shown as an unsupported command
    }
  });

  it('bounds KaTeX sizes and macro expansion', () => {
    const rule = renderMarkdown('$\\rule{100000em}{100000em}$');
    expect(rule).toContain('border-right-width:20em;border-top-width:20em');
    expect(rule).not.toMatch(/style="[^"]*100000/);
    expect(renderMarkdown('$\\def\\a{\\a\\a}\\a$')).toContain('katex-error');
  });

  it('audits HTML strictly enough to catch what a broken renderer would emit', () => {
    expect(findUnsafeHtml('<p>fine <a href="https://e.com" rel="x" target="_blank">ok</a></p>')).toEqual([]);
    expect(findUnsafeHtml('<img src="https://e.com/p.png">')).not.toEqual([]);
    expect(findUnsafeHtml('<p onclick="x()">')).not.toEqual([]);
    expect(findUnsafeHtml('<a href="javascript:x()">')).not.toEqual([]);
    expect(findUnsafeHtml('<a href="&#106;avascript:x()">')).not.toEqual([]);
    expect(findUnsafeHtml('<a href=" https://e.com">')).not.toEqual([]);
    expect(findUnsafeHtml('<span style="background:url(https://e.com)">')).not.toEqual([]);
    expect(findUnsafeHtml('<scr<script>ipt>')).not.toEqual([]);
  });
});

describe('isSafeHref', () => {
  it.each(['https://example.com', 'http://example.com/x', 'mailto:a@example.com', 'HTTPS://EXAMPLE.COM'])(
    'accepts %s',
    (href) => expect(isSafeHref(href)).toBe(true),
  );
  it.each([
    'javascript:alert(1)',
    'JavaScript:alert(1)',
    ' javascript:alert(1)',
    'java\tscript:alert(1)',
    'java\nscript:alert(1)',
    '\u0000javascript:alert(1)',
    'data:text/html,x',
    'vbscript:x',
    'file:///etc/passwd',
    'ftp://example.com',
    '/relative',
    '//example.com',
    '#top',
  ])('refuses %j', (href) => expect(isSafeHref(href)).toBe(false));
});
