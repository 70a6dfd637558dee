import { describe, expect, it } from 'vitest';
import { scanTags, type HtmlTag } from '../../common/html-audit.js';
import { sampleView } from './share-page.fixtures.js';
import { renderSharePage } from './share-page.js';
import type { SharePageOptions } from './types.js';

/** A message's own link, and the ‹ › versions without JavaScript (`?v=`), in the rendered page. */

const signedIn: SharePageOptions = { signedIn: true, ttsEngine: 'none' };
const attribute = (tag: HtmlTag, name: string) => tag.attributes.find((a) => a.name === name)?.value;
const has = (tag: HtmlTag, name: string) => tag.attributes.some((a) => a.name === name);
const shareId = sampleView.share.id;

/** The shown messages' ids, in page order. */
function shownIds(html: string): string[] {
  return scanTags(html)
    .filter((tag) => tag.name === 'article' && !tag.closing && !has(tag, 'hidden'))
    .map((tag) => attribute(tag, 'data-id') ?? '');
}

/** The HTML of one message's `<article>`. */
function articleHtml(html: string, id: string): string {
  const start = html.lastIndexOf('<article ', html.indexOf(`data-id="${id}"`));
  return html.slice(start, html.indexOf('</article>', start));
}

describe('a message’s own link', () => {
  it('makes every message the target of /s/<id>#<message id>, with a link to it', () => {
    const html = renderSharePage(sampleView, signedIn);
    const articles = scanTags(html).filter((tag) => tag.name === 'article' && !tag.closing);
    expect(articles.map((tag) => [attribute(tag, 'data-id'), attribute(tag, 'id')])).toEqual(
      ['m1', 'm2', 'm3', 'm6', 'm4', 'm5'].map((id) => [id, id]),
    );
    for (const id of ['m1', 'm3', 'm4', 'm5']) {
      const link = scanTags(articleHtml(html, id)).find((tag) => tag.name === 'a' && attribute(tag, 'aria-label') === 'Link to this message');
      expect(link && attribute(link, 'href'), id).toBe(`/s/${shareId}#${id}`);
    }
  });

  it('names the version in the link of a message off the current thread, so that it opens without JavaScript', () => {
    const html = renderSharePage(sampleView, signedIn);
    for (const id of ['m2', 'm6']) {
      expect(articleHtml(html, id)).toContain(`aria-label="Link to this message"`);
      expect(articleHtml(html, id)).toContain(`href="/s/${shareId}?v=${id}#${id}"`);
    }
  });

  it('escapes and encodes hostile ids in the link', () => {
    const view = { ...sampleView, share: { ...sampleView.share, id: `x"<y>` }, messages: sampleView.messages.slice(0, 1).map((m) => ({ ...m, id: `a"<b` })) };
    const html = renderSharePage({ ...view, currentMessageId: 'a"<b' }, signedIn);
    expect(html).toContain('id="a&quot;&lt;b"');
    expect(html).toContain('href="/s/x%22%3Cy%3E#a%22%3Cb"');
  });
});

describe('versions without JavaScript', () => {
  it('makes ‹ › submit buttons of a GET form to ?v=<version>, back at that version', () => {
    const html = renderSharePage(sampleView, signedIn);
    const form = scanTags(articleHtml(html, 'm3')).find((tag) => tag.name === 'form');
    expect(form && [attribute(form, 'method'), attribute(form, 'role'), attribute(form, 'aria-label')]).toEqual(['get', 'group', 'Version 2 of 3']);
    const buttons = scanTags(articleHtml(html, 'm3')).filter((tag) => tag.name === 'button' && attribute(tag, 'data-target'));
    expect(buttons.map((tag) => [attribute(tag, 'aria-label'), attribute(tag, 'type'), attribute(tag, 'name'), attribute(tag, 'value'), attribute(tag, 'formaction'), has(tag, 'disabled')])).toEqual([
      ['Previous version', 'submit', 'v', 'm2', '#m2', false],
      ['Next version', 'submit', 'v', 'm6', '#m6', false],
    ]);
  });

  it('shows the chosen version’s thread, down its newest branch, and the others hidden', () => {
    expect(shownIds(renderSharePage(sampleView, signedIn))).toEqual(['m1', 'm3', 'm4', 'm5']);
    expect(shownIds(renderSharePage(sampleView, { ...signedIn, version: 'm6' }))).toEqual(['m1', 'm6']);
    expect(shownIds(renderSharePage(sampleView, { ...signedIn, version: 'm2' }))).toEqual(['m1', 'm2']);
    expect(shownIds(renderSharePage(sampleView, { ...signedIn, version: 'm3' }))).toEqual(['m1', 'm3', 'm4', 'm5']);
    expect(shownIds(renderSharePage(sampleView, { ...signedIn, version: 'nope' }))).toEqual(['m1', 'm3', 'm4', 'm5']);
  });

  it('keeps each message’s link the same whichever version is shown', () => {
    const html = renderSharePage(sampleView, { ...signedIn, version: 'm6' });
    expect(articleHtml(html, 'm6')).toContain(`href="/s/${shareId}?v=m6#m6"`);
    expect(articleHtml(html, 'm4')).toContain(`href="/s/${shareId}#m4"`);
  });
});
