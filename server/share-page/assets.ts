import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The share page's static files: one stylesheet (KaTeX's, highlight.js's light and dark GitHub
 * themes, the Markdown styles the web app uses too, then the page's own layout), one script, and
 * KaTeX's fonts, all served from our own origin under content-hashed names so that they can be
 * cached forever. The web app imports the same four stylesheets (web/src/index.css).
 */

export interface ShareAsset {
  body: Buffer;
  type: string;
}

interface ShareAssetBundle {
  assets: Map<string, ShareAsset>;
  stylesheet: string;
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

function hashedName(name: string, body: Buffer): string {
  const hash = createHash('sha256').update(body).digest('hex').slice(0, 12);
  const ext = path.extname(name);
  return `${path.basename(name, ext)}.${hash}${ext}`;
}

function loadBundle(): ShareAssetBundle {
  const assets = new Map<string, ShareAsset>();
  const add = (name: string, body: Buffer, type: string): string => {
    const hashed = hashedName(name, body);
    assets.set(hashed, { body, type });
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
  const stylesheet = [
    katexCss,
    read(require.resolve('highlight.js/styles/github.css')),
    `@media (prefers-color-scheme: dark) {\n${read(require.resolve('highlight.js/styles/github-dark.css'))}\n}`,
    read(markdownCssFile),
    read(path.join(ownDir, 'share.css')),
  ].join('\n');

  return {
    assets,
    stylesheet: add('share.css', Buffer.from(stylesheet), CSS),
    script: add('share.js', readFileSync(path.join(ownDir, 'share.js')), JS),
  };
}

let bundle: ShareAssetBundle | undefined;
function loaded(): ShareAssetBundle {
  bundle ??= loadBundle();
  return bundle;
}

/** Every share-page asset by its hashed file name, read from disk once. */
export function shareAssets(): Map<string, ShareAsset> {
  return loaded().assets;
}

/** The hashed names of the stylesheet and the script that the pages link to. */
export function shareAssetNames(): { stylesheet: string; script: string } {
  const { stylesheet, script } = loaded();
  return { stylesheet, script };
}
