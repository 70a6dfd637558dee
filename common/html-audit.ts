/**
 * A strict reading of HTML we generate, for tests: the renderer's output must pass it, and a
 * broken renderer's would not.
 */

// What the renderer may emit: Markdown's elements, our code-block chrome, KaTeX's HTML, SVG and
// MathML. Anything else in the output, or any attribute not listed, is a finding.
const ALLOWED_TAGS = new Set(
  (
    'p br hr h3 h4 h5 h6 em strong s blockquote ul ol li a code pre span div button table thead tbody tr th td ' +
    'svg path line ' +
    'math semantics annotation mrow mi mn mo ms mtext mspace mstyle mpadded mphantom mfrac msqrt mroot msub ' +
    'msup msubsup munder mover munderover mtable mtr mtd menclose merror'
  ).split(' '),
);
const ALLOWED_ATTRIBUTES = new Set(
  (
    'class style href rel target title type start aria-hidden tabindex xmlns width height viewbox preserveaspectratio d ' +
    'x1 x2 y1 y2 stroke-width encoding display mathvariant mathcolor mathbackground stretchy fence separator ' +
    'lspace rspace minsize maxsize accent accentunder columnalign rowspacing columnspacing columnlines rowlines ' +
    'displaystyle scriptlevel voffset depth linethickness notation movablelimits symmetric largeop'
  ).split(' '),
);
const UNSAFE_STYLE = /url\(|expression|javascript|@import|position\s*:\s*fixed|behavior/i;
const TAG_PATTERN = /<(\/?)([a-zA-Z][\w:-]*)((?:\s+[^\s"'>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*)\s*\/?>/g;
const ATTRIBUTE = /([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g;

function decodeEntities(value: string): string {
  return value
    .replace(/&#x([0-9a-f]+);?/gi, (_m, hex: string) => String.fromCodePoint(parseInt(hex, 16)))
    .replace(/&#(\d+);?/g, (_m, dec: string) => String.fromCodePoint(parseInt(dec, 10)))
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

export interface HtmlTag {
  name: string;
  closing: boolean;
  attributes: { name: string; value: string }[];
}

/** The tags of an HTML string, attribute values decoded; for tests, of HTML we generate. */
export function scanTags(html: string): HtmlTag[] {
  return [...html.matchAll(TAG_PATTERN)].map(([, slash = '', name = '', attributes = '']) => ({
    name: name.toLowerCase(),
    closing: slash === '/',
    attributes: [...attributes.matchAll(ATTRIBUTE)].map((attribute) => ({
      name: (attribute[1] ?? '').toLowerCase(),
      value: decodeEntities(attribute[2] ?? attribute[3] ?? attribute[4] ?? ''),
    })),
  }));
}

/**
 * Reads rendered HTML tag by tag and lists what is not allowed: an element or attribute outside
 * the allowlists, an event handler, a link that is not http, https or mailto, a style that could
 * load or cover something, or a `<` that does not start a well-formed tag.
 */
export function findUnsafeHtml(html: string): string[] {
  const findings: string[] = [];
  const tags = scanTags(html);
  for (const { name, attributes } of tags) {
    if (!ALLOWED_TAGS.has(name)) findings.push(`element <${name}>`);
    for (const { name: attribute, value } of attributes) {
      if (!ALLOWED_ATTRIBUTES.has(attribute)) findings.push(`attribute ${attribute} on <${name}>`);
      if (attribute === 'href' && !/^(https?:\/\/|mailto:)/i.test(value)) findings.push(`href ${value}`);
      if (attribute === 'style' && UNSAFE_STYLE.test(value)) findings.push(`style ${value}`);
      if (attribute === 'tabindex' && value !== '0') findings.push(`tabindex ${value}`);
    }
  }
  const opens = html.split('<').length - 1;
  if (opens !== tags.length) findings.push(`${opens - tags.length} "<" outside a well-formed tag`);
  return findings;
}
