import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants as zlib, gzipSync } from 'node:zlib';

/**
 * The share page's static files: its stylesheet, its script and KaTeX's fonts, all served from
 * our own origin under content-hashed names so that they can be cached forever. The stylesheet
 * is KaTeX's, highlight.js's light and dark GitHub themes, the Markdown styles the web app uses
 * too (web/src/index.css imports the same four), then the page's own layout. KaTeX's part is
 * most of it, so a page links the variant it needs: KaTeX's part only when it has math,
 * highlight.js's only when it has code (a page that nothing it does not use blocks its first
 * paint on). Text files are compressed once, here, for the clients that accept it.
 */

export interface ShareAsset {
  body: Buffer;
  type: string;
  /** The body gzipped and brotli-compressed; none for fonts, which woff2 compresses already. */
  gzip?: Buffer;
  br?: Buffer;
}

/** What a page's messages hold, which decides the stylesheet it needs. */
export interface StylesheetNeeds {
  math: boolean;
  code: boolean;
}

interface ShareAssetBundle {
  assets: Map<string, ShareAsset>;
  /** The stylesheet's hashed name for each `StylesheetNeeds`, by `needsKey`. */
  stylesheets: Map<string, string>;
  script: string;
}

export const DEFAULT_ASSET_BASE = '/s/_assets/';

const require = createRequire(import.meta.url);
const ownDir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'assets');
const markdownCssFile = fileURLToPath(new URL('../../common/markdown.css', import.meta.url));

const CSS = 'text/css; charset=utf-8';
const JS = 'text/javascript; charset=utf-8';
const WOFF2 = 'font/woff2';

// KaTeX lists woff2, woff and ttf for each font; every browser we serve reads woff2.
const LEGACY_FONT_SOURCE = /,url\(fonts\/[\w-]+\.(?:woff|ttf)\) format\("(?:woff|truetype)"\)/g;
const FONT_URL = /url\(fonts\/([\w-]+\.woff2)\)/g;

const needsKey = ({ math, code }: StylesheetNeeds) => `${math ? 'math' : ''}+${code ? 'code' : ''}`;

function hashedName(name: string, body: Buffer): string {
  const hash = createHash('sha256').update(body).digest('hex').slice(0, 12);
  const ext = path.extname(name);
  return `${path.basename(name, ext)}.${hash}${ext}`;
}

function compressed(body: Buffer): Pick<ShareAsset, 'gzip' | 'br'> {
  return {
    gzip: gzipSync(body, { level: 9 }),
    br: brotliCompressSync(body, { params: { [zlib.BROTLI_PARAM_QUALITY]: 11, [zlib.BROTLI_PARAM_SIZE_HINT]: body.length } }),
  };
}

function loadBundle(): ShareAssetBundle {
  const assets = new Map<string, ShareAsset>();
  const add = (name: string, body: Buffer, type: string): string => {
    const hashed = hashedName(name, body);
    assets.set(hashed, { body, type, ...(type === WOFF2 ? {} : compressed(body)) });
    return hashed;
  };

  const katexCssFile = require.resolve('katex/dist/katex.min.css');
  const fontDir = path.join(path.dirname(katexCssFile), 'fonts');
  const katexCss = readFileSync(katexCssFile, 'utf8')
    .replace(LEGACY_FONT_SOURCE, '')
    .replace(FONT_URL, (_match, font: string) => `url(${add(font, readFileSync(path.join(fontDir, font)), WOFF2)})`);
  if (katexCss.includes('url(fonts/')) {
    throw new Error('katex.min.css names its fonts in a way the share page does not know: update assets.ts');
  }

  const read = (file: string) => readFileSync(file, 'utf8');
  const highlightCss = [
    read(require.resolve('highlight.js/styles/github.css')),
    `@media (prefers-color-scheme: dark) {\n${read(require.resolve('highlight.js/styles/github-dark.css'))}\n}`,
  ].join('\n');
  const pageCss = [read(markdownCssFile), read(path.join(ownDir, 'share.css'))];

  const stylesheets = new Map<string, string>();
  for (const math of [false, true]) {
    for (const code of [false, true]) {
      const parts = [...(math ? [katexCss] : []), ...(code ? [highlightCss] : []), ...pageCss];
      stylesheets.set(needsKey({ math, code }), add('share.css', Buffer.from(parts.join('\n')), CSS));
    }
  }

  return { assets, stylesheets, script: add('share.js', readFileSync(path.join(ownDir, 'share.js')), JS) };
}

let bundle: ShareAssetBundle | undefined;
function loaded(): ShareAssetBundle {
  bundle ??= loadBundle();
  return bundle;
}

/** Every share-page asset by its hashed file name, read from disk and compressed once. */
export function shareAssets(): Map<string, ShareAsset> {
  return loaded().assets;
}

/** The hashed name of the stylesheet for a page with these needs. */
export function shareStylesheet(needs: StylesheetNeeds): string {
  const name = loaded().stylesheets.get(needsKey(needs));
  if (name === undefined) throw new Error(`no share stylesheet for ${needsKey(needs)}`);
  return name;
}

/** The hashed names of the whole stylesheet (math and code) and of the script. */
export function shareAssetNames(): { stylesheet: string; script: string } {
  return { stylesheet: shareStylesheet({ math: true, code: true }), script: loaded().script };
}

/** What a page's rendered messages need of the stylesheet: KaTeX's output and highlighted code. */
export function stylesheetNeeds(messagesHtml: string): StylesheetNeeds {
  return { math: messagesHtml.includes('class="katex'), code: messagesHtml.includes('class="hljs') };
}
