import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { shareAssetNames, shareAssets } from './assets.js';
import { sampleView } from './share-page.fixtures.js';
import { renderNotFoundPage, renderSharePage } from './share-page.js';
import type { SharedMessage, ShareView } from './types.js';

/** The stylesheet a page links holds only what its messages need; text assets come compressed. */

const stylesheetOf = (html: string): string => {
  const name = /<link rel="stylesheet" href="\/s\/_assets\/([^"]+)">/.exec(html)?.[1] ?? '';
  return shareAssets().get(name)?.body.toString('utf8') ?? '';
};
const message = (id: string, parentId: string | null, content: string): SharedMessage => ({
  id,
  parentId,
  role: 'assistant',
  content,
  model: null,
  createdAt: '2026-11-21T10:00:00.000Z',
  status: 'complete',
});
/** A thread of these messages, n0 → n1 → …, the last one current. */
const withContent = (...contents: string[]): ShareView => ({
  ...sampleView,
  messages: contents.map((content, i) => message(`n${i}`, i === 0 ? null : `n${i - 1}`, content)),
  currentMessageId: `n${contents.length - 1}`,
});
const page = (view: ShareView) => renderSharePage(view, { signedIn: true, ttsEngine: 'none' });

describe('the stylesheet of a page', () => {
  it('leaves KaTeX and highlight.js out of a page of plain prose', () => {
    const css = stylesheetOf(page(withContent('Hello', 'Just **words**, a [link](https://example.com) and `inline code`.')));
    expect(css).toContain('.prose');
    expect(css).toContain('.continue-bar');
    expect(css).not.toContain('KaTeX_Main');
    expect(css).not.toContain('Theme: GitHub');
    expect(css).not.toContain('woff2');
  });

  it('brings KaTeX for math and highlight.js for code, each only when there', () => {
    const math = stylesheetOf(page(withContent('What is $e^{i\\pi}$?', 'It is $-1$.')));
    expect(math).toContain('KaTeX_Main');
    expect(math).toContain('woff2');
    expect(math).not.toContain('Theme: GitHub');
    const code = stylesheetOf(page(withContent('Code?', '```js\nconst a = 1;\n```')));
    expect(code).toContain('Theme: GitHub');
    expect(code).toContain('@media (prefers-color-scheme: dark)');
    expect(code).not.toContain('KaTeX_Main');
  });

  it('holds everything for a page with both, and counts the versions hidden behind ‹ › too', () => {
    expect(stylesheetOf(page(sampleView))).toBe(shareAssets().get(shareAssetNames().stylesheet)?.body.toString('utf8'));
    // The code is only in a version that is not shown first.
    const plain = withContent('Q', 'plain answer');
    const hiddenCode = { ...plain, messages: [...plain.messages, message('n2', 'n0', '```py\nx = 1\n```')] };
    expect(stylesheetOf(page(hiddenCode))).toContain('Theme: GitHub');
  });

  it('is the small one on the Not Found page', () => {
    const css = stylesheetOf(renderNotFoundPage());
    expect(css).toContain('.not-found');
    expect(css).not.toContain('KaTeX_Main');
  });
});

describe('compressed assets', () => {
  it('has every stylesheet and script gzipped and brotli-compressed, and fonts as they are', () => {
    let texts = 0;
    for (const [name, asset] of shareAssets()) {
      if (name.endsWith('.woff2')) {
        expect(asset.gzip, name).toBeUndefined();
        continue;
      }
      texts += 1;
      expect(gunzipSync(asset.gzip ?? Buffer.alloc(0)).equals(asset.body), name).toBe(true);
      expect(brotliDecompressSync(asset.br ?? Buffer.alloc(0)).equals(asset.body), name).toBe(true);
      expect(asset.br?.length ?? Infinity, name).toBeLessThan(asset.body.length / 2);
    }
    expect(texts).toBe(5); // four stylesheets and the script
  });
});
