/**
 * Hostile message content for the renderer's tests. Every payload that could run would set
 * `window.__xss` or call `alert`, so a browser test can tell whether any of them ran.
 */

export interface XssPayload {
  name: string;
  markdown: string;
}

const RUN = 'window.__xss=1';

export const XSS_CORPUS: readonly XssPayload[] = [
  // Raw HTML: markdown-it must print it as text.
  { name: 'script tag', markdown: `<script>${RUN}</script>` },
  { name: 'img onerror', markdown: `<img src=x onerror="${RUN}">` },
  { name: 'svg onload', markdown: `<svg onload="${RUN}"></svg>` },
  { name: 'svg script', markdown: `<svg><script>${RUN}</script></svg>` },
  { name: 'svg anchor xlink', markdown: `<svg><a xlink:href="javascript:${RUN}"><text y="20">x</text></a></svg>` },
  { name: 'iframe javascript src', markdown: `<iframe src="javascript:parent.__xss=1"></iframe>` },
  { name: 'iframe srcdoc', markdown: `<iframe srcdoc="<script>parent.__xss=1</script>"></iframe>` },
  { name: 'math mutation', markdown: `<math><mtext><table><mglyph><style><img src=x onerror="${RUN}">` },
  { name: 'object data', markdown: `<object data="javascript:${RUN}"></object>` },
  { name: 'embed src', markdown: `<embed src="javascript:${RUN}">` },
  { name: 'details ontoggle', markdown: `<details open ontoggle="${RUN}">x</details>` },
  { name: 'input autofocus', markdown: `<input autofocus onfocus="${RUN}">` },
  { name: 'body onload', markdown: `<body onload="${RUN}">` },
  { name: 'style tag', markdown: `<style>@import url(https://example.com/x.css);*{background:url(https://example.com/p)}</style>` },
  { name: 'base tag', markdown: '<base href="https://example.com/">[x](/a)' },
  { name: 'form action', markdown: `<form action="javascript:${RUN}"><button>go</button></form>` },
  { name: 'meta refresh', markdown: `<meta http-equiv="refresh" content="0;url=javascript:${RUN}">` },
  { name: 'html comment break-out', markdown: `<!--><img src=x onerror="${RUN}">-->` },
  { name: 'noscript break-out', markdown: `<noscript><p title="</noscript><img src=x onerror=${RUN}>">` },
  { name: 'html anchor with onclick', markdown: `<a href="https://example.com" onclick="${RUN}">x</a>` },
  { name: 'html in table cell', markdown: `| a |\n|---|\n| <img src=x onerror="${RUN}"> |` },
  { name: 'html in heading', markdown: `# <script>${RUN}</script>` },
  // javascript: and friends in every Markdown link form.
  { name: 'inline link javascript', markdown: `[click](javascript:${RUN})` },
  { name: 'inline link mixed case', markdown: `[click](JaVaScRiPt:${RUN})` },
  { name: 'inline link decimal entity', markdown: `[click](&#106;avascript:${RUN})` },
  { name: 'inline link hex entities', markdown: `[click](&#x6A;&#x61;vascript&colon;${RUN})` },
  { name: 'inline link entity colon', markdown: `[click](javascript&#58;${RUN})` },
  { name: 'inline link entity tab', markdown: `[click](jav&#x09;ascript:${RUN})` },
  { name: 'inline link raw tab', markdown: `[click](<java\tscript:${RUN}>)` },
  { name: 'inline link newline entity', markdown: `[click](java&NewLine;script:${RUN})` },
  { name: 'inline link leading space', markdown: `[click](<  javascript:${RUN}>)` },
  { name: 'inline link control character', markdown: `[click](\u0001javascript:${RUN})` },
  { name: 'reference link', markdown: `[click][r]\n\n[r]: javascript:${RUN}` },
  { name: 'reference link with entity', markdown: `[click][r]\n\n[r]: &#x6a;avascript:${RUN}` },
  { name: 'autolink', markdown: `<javascript:${RUN}>` },
  { name: 'autolink upper case', markdown: `<JAVASCRIPT:${RUN}>` },
  { name: 'data text/html link', markdown: '[click](data:text/html;base64,PHNjcmlwdD5wYXJlbnQuX194c3M9MTwvc2NyaXB0Pg==)' },
  { name: 'data autolink', markdown: '<data:text/html,<script>parent.__xss=1</script>>' },
  { name: 'vbscript link', markdown: '[click](vbscript:msgbox(1))' },
  { name: 'file link', markdown: '[click](file:///etc/passwd)' },
  { name: 'link title break-out', markdown: `[x](https://example.com "\\"><script>${RUN}</script>")` },
  { name: 'link title single quotes', markdown: `[x](https://example.com '"onmouseover="${RUN}')` },
  { name: 'link destination quote', markdown: `[x](https://example.com/"onmouseover="${RUN})` },
  { name: 'autolink with quote', markdown: `<https://example.com/"onmouseover="${RUN}>` },
  { name: 'linkified url with markup', markdown: `https://example.com/?q="><img src=x onerror="${RUN}">` },
  { name: 'linkified www with markup', markdown: `www.example.com/"><script>${RUN}</script>` },
  { name: 'mailto with quote', markdown: `[x](mailto:a@example.com"onmouseover="${RUN})` },
  { name: 'html inside link text', markdown: `[<img src=x onerror="${RUN}">](https://example.com)` },
  // Images must never load anything.
  { name: 'image javascript src', markdown: `![x](javascript:${RUN})` },
  { name: 'image remote src', markdown: '![tracking pixel](https://example.com/pixel.png)' },
  { name: 'image data svg', markdown: '![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9InBhcmVudC5fX3hzcz0xIi8+)' },
  { name: 'image alt break-out', markdown: `![x" onerror="${RUN}](https://example.com/a.png)` },
  { name: 'image title break-out', markdown: `![x](https://example.com/a.png "\\" onerror=\\"${RUN}")` },
  { name: 'image reference', markdown: `![x][i]\n\n[i]: javascript:${RUN}` },
  // Code must stay code.
  { name: 'fence closing code', markdown: `\`\`\`\n</code></pre><script>${RUN}</script>\n\`\`\`` },
  { name: 'fence info break-out', markdown: `\`\`\`js"><script>${RUN}</script>\nx\n\`\`\`` },
  { name: 'fence html language', markdown: `\`\`\`html\n<script>${RUN}</script><img src=x onerror="${RUN}">\n\`\`\`` },
  { name: 'inline code', markdown: `\`<script>${RUN}</script>\`` },
  { name: 'indented code', markdown: `    <script>${RUN}</script>` },
  // KaTeX must not be trusted.
  { name: 'katex href', markdown: `$\\href{javascript:${RUN}}{click}$` },
  { name: 'katex url', markdown: `$\\url{javascript:${RUN}}$` },
  { name: 'katex includegraphics', markdown: '$\\includegraphics{https://example.com/pixel.png}$' },
  { name: 'katex htmlClass', markdown: '$\\htmlClass{x" onmouseover="window.__xss=1}{y}$' },
  { name: 'katex htmlData', markdown: '$\\htmlData{onload=window.__xss=1}{y}$' },
  { name: 'katex htmlId', markdown: '$\\htmlId{x}{y}$' },
  { name: 'katex htmlStyle', markdown: '$\\htmlStyle{position:fixed;inset:0;background:url(https://example.com/p)}{y}$' },
  { name: 'katex display href', markdown: `$$\n\\href{javascript:${RUN}}{x}\n$$` },
  { name: 'katex bracket display href', markdown: `\\[ \\href{javascript:${RUN}}{x} \\]` },
  { name: 'katex huge rule', markdown: '$$\\rule{100000em}{100000em}$$' },
  { name: 'katex macro bomb', markdown: '$\\def\\a{\\a\\a}\\a$' },
  { name: 'katex color injection', markdown: `$\\textcolor{red" onload="${RUN}}{x}$` },
  { name: 'katex html in source', markdown: `$<img src=x onerror="${RUN}">$` },
  { name: 'katex paren html', markdown: `\\(<script>${RUN}</script>\\)` },
  { name: 'katex error title', markdown: `$\\frac{"><img src=x onerror="${RUN}">$` },
];
