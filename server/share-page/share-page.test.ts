import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { scanTags, type HtmlTag } from '../../common/html-audit.js';
import { latestLeafFrom } from '../../common/tree.js';
import { shareAssetNames, shareAssets } from './assets.js';
import { sampleView } from './share-page.fixtures.js';
import { renderShareMarkdown } from './share-markdown.js';
import { renderNotFoundPage, renderSharePage } from './share-page.js';
import type { SharedMessage, SharePageOptions, ShareView } from './types.js';

const signedIn: SharePageOptions = { signedIn: true, ttsEngine: 'none' };
const HOSTILE = `"><script>window.__xss=1</script><img src=x onerror="window.__xss=1">`;
const HOSTILE_ESCAPED = '&quot;&gt;&lt;script&gt;window.__xss=1&lt;/script&gt;&lt;img src=x onerror=&quot;window.__xss=1&quot;&gt;';

const attribute = (tag: HtmlTag, name: string) => tag.attributes.find((a) => a.name === name)?.value;
const tagsNamed = (html: string, name: string) => scanTags(html).filter((tag) => tag.name === name && !tag.closing);
const withAccess = (access: ShareView['share']['access']): ShareView => ({ ...sampleView, share: { ...sampleView.share, access } });

/** The `<article>` of each message, by id, with its attributes. */
function articles(html: string): Map<string, HtmlTag> {
  return new Map(tagsNamed(html, 'article').map((tag) => [attribute(tag, 'data-id') ?? '', tag]));
}
const isShown = (tag: HtmlTag | undefined) => tag !== undefined && tag.attributes.every((a) => a.name !== 'hidden');

/** The HTML of one message's `<article>`. */
function articleHtml(html: string, id: string): string {
  const start = html.indexOf(`<article class="message`, html.indexOf(`data-id="${id}"`) - 40);
  return html.slice(start, html.indexOf('</article>', start));
}

describe('renderSharePage', () => {
  it('keeps the page out of search engines and tells no referrer', () => {
    const html = renderSharePage(sampleView, signedIn);
    expect(html).toContain('<meta name="robots" content="noindex, nofollow">');
    expect(html).toContain('<meta name="referrer" content="no-referrer">');
  });

  it('gives link previews the title of a public link, and nothing else of any link', () => {
    const ogOf = (html: string) => tagsNamed(html, 'meta').filter((tag) => attribute(tag, 'property')?.startsWith('og:'));
    const publicOg = ogOf(renderSharePage(withAccess('public'), signedIn));
    expect(publicOg.map((tag) => [attribute(tag, 'property'), attribute(tag, 'content')])).toEqual([
      ['og:title', 'Plotting a damped oscillator'],
    ]);
    for (const access of ['members', 'restricted'] as const) {
      const html = renderSharePage(withAccess(access), signedIn);
      expect(ogOf(html)).toEqual([]);
      expect(html).not.toMatch(/twitter:|name="description"/);
    }
  });

  it('has no inline script, no inline handler and nothing from another origin', () => {
    const html = renderSharePage(sampleView, { signedIn: true, ttsEngine: 'openai' });
    const scripts = tagsNamed(html, 'script');
    expect(scripts.map((tag) => attribute(tag, 'src'))).toEqual([`/s/_assets/${shareAssetNames().script}`]);
    expect(html).toMatch(/<script type="module" src="[^"]+"><\/script>/);
    const everyAttribute = scanTags(html).flatMap((tag) => tag.attributes);
    expect(everyAttribute.filter((a) => a.name.startsWith('on'))).toEqual([]);
    const urls = everyAttribute.filter((a) => a.name === 'src' || (a.name === 'href' && !a.value.startsWith('https://matplotlib.org')));
    expect(urls.filter((a) => !a.value.startsWith('/'))).toEqual([]);
  });

  it('escapes a hostile title, sharer, model name and id everywhere', () => {
    const view: ShareView = {
      share: { id: `x"<y>`, title: HOSTILE, sharedBy: HOSTILE, access: 'public', updatedAt: HOSTILE },
      messages: sampleView.messages.map((message) => ({ ...message, id: `${message.id}"<`, parentId: message.parentId && `${message.parentId}"<`, model: HOSTILE })),
      currentMessageId: 'm5"<',
    };
    const html = renderSharePage(view, { signedIn: true, ttsEngine: 'browser' });
    expect(tagsNamed(html, 'script')).toHaveLength(1);
    expect(tagsNamed(html, 'img')).toEqual([]);
    expect(scanTags(html).flatMap((tag) => tag.attributes).filter((a) => a.name.startsWith('on'))).toEqual([]);
    expect(html).toContain(`<title>${HOSTILE_ESCAPED} · Parley</title>`);
    expect(html).toContain(`<h1><bdi>${HOSTILE_ESCAPED}</bdi></h1>`);
    expect(html).toContain(`<meta property="og:title" content="${HOSTILE_ESCAPED}">`);
    expect(html).toContain(`Shared by <bdi class="sharer">${HOSTILE_ESCAPED}</bdi>`);
    expect(html).toContain(`<bdi class="model">${HOSTILE_ESCAPED}</bdi>`);
    expect(html).toContain(`<time datetime="${HOSTILE_ESCAPED}">${HOSTILE_ESCAPED}</time>`);
    expect(html).toContain('data-share-id="x&quot;&lt;y&gt;"');
    expect(html).toContain('data-fork-url="/api/v1/shares/x%22%3Cy%3E/fork"');
    expect(articles(html).get('m3"<')).toBeDefined();
  });

  it('shows the sharer, or "Anonymous", and the snapshot date', () => {
    const html = renderSharePage(sampleView, signedIn);
    expect(html).toContain('Shared by <bdi class="sharer">Ada Lovelace</bdi>');
    expect(html).toContain('<time datetime="2026-11-21T10:30:00.000Z">November 21, 2026</time>');
    const anonymous = renderSharePage({ ...sampleView, share: { ...sampleView.share, sharedBy: null } }, signedIn);
    expect(anonymous).toContain('Shared by <bdi class="sharer">Anonymous</bdi>');
    expect(anonymous).not.toContain('Ada Lovelace');
  });

  it('renders each message with its role, its model and its Markdown', () => {
    const html = renderSharePage(sampleView, signedIn);
    expect(articleHtml(html, 'm1')).toContain('<h2 class="message-role">You</h2>');
    expect(articleHtml(html, 'm3')).toContain('<h2 class="message-role">Assistant <bdi class="model">qwen2.5:14b</bdi></h2>');
    expect(articleHtml(html, 'm3')).toContain('<code class="hljs language-python">');
    expect(articleHtml(html, 'm3')).toContain('class="katex-display"');
    expect(articleHtml(html, 'm6')).toContain('This reply stopped before it was finished.');
  });

  it('holds every branch: the current thread shown, in order, and the other versions hidden', () => {
    const html = renderSharePage(sampleView, signedIn);
    const byId = articles(html);
    expect([...byId.keys()].sort()).toEqual(['m1', 'm2', 'm3', 'm4', 'm5', 'm6']);
    expect([...byId.values()].filter(isShown).map((tag) => attribute(tag, 'data-id'))).toEqual(['m1', 'm3', 'm4', 'm5']);
    expect(isShown(byId.get('m2'))).toBe(false);
    expect(isShown(byId.get('m6'))).toBe(false);
    // What the script needs to switch: each message's parent, and the leaf each version leads to.
    expect(byId.get('m4')?.attributes).toContainEqual({ name: 'data-parent', value: 'm3' });
    expect(byId.get('m3')?.attributes).toContainEqual({ name: 'data-leaf', value: 'm5' });
    expect(byId.get('m6')?.attributes).toContainEqual({ name: 'data-leaf', value: 'm6' });
    expect(byId.get('m1')?.attributes.some((a) => a.name === 'data-leaf')).toBe(false);
  });

  it('points each version at the leaf latestLeafFrom gives, in deeper trees too', () => {
    // a ─ b ─ c ─ d
    //   │   └ c2
    //   └ b2 ─ e ─ f
    //        │   └ f2
    //        └ e2
    const shape: [string, string | null][] = [['a', null], ['b', 'a'], ['c', 'b'], ['d', 'c'], ['c2', 'b'], ['b2', 'a'], ['e', 'b2'], ['e2', 'b2'], ['f', 'e'], ['f2', 'e']];
    const messages = shape.map(([id, parentId]) => ({ ...sampleView.messages[0], id, parentId }) as SharedMessage);
    const html = renderSharePage({ ...sampleView, messages, currentMessageId: 'd' }, signedIn);
    const byId = articles(html);
    for (const id of ['b', 'b2', 'c', 'c2', 'e', 'e2', 'f', 'f2']) {
      expect(byId.get(id)?.attributes).toContainEqual({ name: 'data-leaf', value: latestLeafFrom(messages, id) });
    }
  });

  it('gives each message with versions a ‹ n/m › control with accessible names', () => {
    const html = renderSharePage(sampleView, signedIn);
    const current = articleHtml(html, 'm3');
    expect(current).toContain('<span class="version-count">2/3</span>');
    expect(current).toContain('aria-label="Previous version" data-target="m2"');
    expect(current).toContain('aria-label="Next version" data-target="m6"');
    expect(articleHtml(html, 'm2')).toContain('<span class="version-count">1/3</span>');
    expect(articleHtml(html, 'm2')).toMatch(/aria-label="Previous version" disabled>/);
    expect(articleHtml(html, 'm6')).toContain('<span class="version-count">3/3</span>');
    expect(articleHtml(html, 'm1')).not.toContain('version');
    expect(articleHtml(html, 'm4')).not.toContain('version');
  });

  it('shows the newest branch when the snapshot names no current message', () => {
    const html = renderSharePage({ ...sampleView, currentMessageId: null }, signedIn);
    expect([...articles(html).values()].filter(isShown).map((tag) => attribute(tag, 'data-id'))).toEqual(['m1', 'm6']);
  });

  it('lets a signed-in viewer continue, and sends a signed-out one to sign in first', () => {
    const inside = renderSharePage(sampleView, signedIn);
    expect(inside).toContain(
      `<button type="button" class="continue" data-fork-url="/api/v1/shares/${sampleView.share.id}/fork">Continue this conversation</button>`,
    );
    const outside = renderSharePage(sampleView, { ...signedIn, signedIn: false });
    expect(outside).toContain(`<a class="continue" href="/auth?redirect=%2Fcontinue%2F${sampleView.share.id}">Continue this conversation</a>`);
    expect(outside).not.toContain('data-fork-url');
  });

  it('has a "Read aloud" button on each message only when text-to-speech is set up', () => {
    const count = (html: string) => (html.match(/aria-label="Read aloud"/g) ?? []).length;
    expect(count(renderSharePage(sampleView, { ...signedIn, ttsEngine: 'none' }))).toBe(0);
    for (const ttsEngine of ['browser', 'openai'] as const) {
      const html = renderSharePage(sampleView, { ...signedIn, ttsEngine });
      expect(count(html)).toBe(sampleView.messages.length);
      expect(html).toContain(`data-tts="${ttsEngine}"`);
    }
  });

  it('links its stylesheet and script from the asset base, by hashed names the assets hold', () => {
    const html = renderSharePage(sampleView, { ...signedIn, assetBase: '/static/share/' });
    const { stylesheet, script } = shareAssetNames();
    expect(stylesheet).toMatch(/^share\.[0-9a-f]{12}\.css$/);
    expect(script).toMatch(/^share\.[0-9a-f]{12}\.js$/);
    expect(html).toContain(`<link rel="stylesheet" href="/static/share/${stylesheet}">`);
    expect(html).toContain(`src="/static/share/${script}"`);
  });
});

describe('shareAssets', () => {
  const assets = shareAssets();

  it('holds the stylesheet, the script and every font the stylesheet names, with their types', () => {
    const { stylesheet, script } = shareAssetNames();
    expect(assets.get(stylesheet)?.type).toBe('text/css; charset=utf-8');
    expect(assets.get(script)?.type).toBe('text/javascript; charset=utf-8');
    const css = assets.get(stylesheet)?.body.toString('utf8') ?? '';
    const fonts = [...css.matchAll(/url\(([^)]+)\)/g)].map((match) => match[1] ?? '');
    expect(fonts.length).toBeGreaterThanOrEqual(20);
    for (const font of fonts) {
      expect(font).toMatch(/^KaTeX_[\w-]+\.[0-9a-f]{12}\.woff2$/);
      expect(assets.get(font)?.type).toBe('font/woff2');
    }
    expect(css).toContain('.katex');
    expect(css).toContain('.hljs-keyword');
    expect(css).toContain('@media (prefers-color-scheme: dark)');
  });

  it('styles messages with the Markdown stylesheet the web app uses, before the page layout', () => {
    const css = assets.get(shareAssetNames().stylesheet)?.body.toString('utf8') ?? '';
    const markdownCss = readFileSync(new URL('../../common/markdown.css', import.meta.url), 'utf8');
    const layoutCss = readFileSync(new URL('./assets/share.css', import.meta.url), 'utf8');
    expect(css.indexOf(markdownCss)).toBeGreaterThan(css.indexOf('.hljs-keyword'));
    expect(css.indexOf(layoutCss)).toBeGreaterThan(css.indexOf(markdownCss));
    expect(layoutCss).not.toMatch(/\.prose|\.code-block|\.katex/);
  });

  it('names each file by its content', () => {
    for (const name of assets.keys()) expect(name).toMatch(/\.[0-9a-f]{12}\.(css|js|woff2)$/);
    expect(shareAssets()).toBe(assets);
  });
});

describe('renderNotFoundPage', () => {
  it('is one page for every reason, with nothing of any link in it', () => {
    const html = renderNotFoundPage();
    expect(renderNotFoundPage()).toBe(html);
    expect(html).toContain('<h1>Not Found</h1>');
    expect(html).toContain('<meta name="robots" content="noindex, nofollow">');
    expect(tagsNamed(html, 'script')).toEqual([]);
    expect(html).not.toMatch(/og:|data-share-id/);
  });
});

describe('renderShareMarkdown', () => {
  it('gives the title, the sharer, the date and the current thread under role headings', () => {
    const markdown = renderShareMarkdown(sampleView, { publicUrl: 'https://chat.example.com/' });
    expect(markdown).toMatch(/^# Plotting a damped oscillator\n\nShared by Ada Lovelace on November 21, 2026\n<https:\/\/chat\.example\.com\/s\/Zq3v8KcN2xWb7LmT4pRy1A>\n\n## You\n\nHow do I plot/);
    expect(markdown).toContain('## Assistant (qwen2.5:14b)\n\nA damped oscillator decays');
    expect(markdown).toContain('## You\n\nNice. Can you add a legend?\n\n## Assistant (qwen2.5:14b)\n\nPass a `label`');
    expect(markdown).not.toContain('First version');
    expect(markdown).not.toContain('Third version');
    expect(markdown.endsWith('plt.legend()\n```\n')).toBe(true);
  });

  it('says "Anonymous" and keeps a multi-line title on its heading line', () => {
    const view: ShareView = { ...sampleView, share: { ...sampleView.share, title: 'two\nlines', sharedBy: null } };
    expect(renderShareMarkdown(view)).toMatch(/^# two lines\n\nShared by Anonymous on November 21, 2026\n\n## You/);
  });
});
