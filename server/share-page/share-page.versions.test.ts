import { describe, expect, it } from 'vitest';
import { scanTags, type HtmlTag } from '../../common/html-audit.js';
import { sampleView } from './share-page.fixtures.js';
import { renderSharePage } from './share-page.js';
import type { SharePageOptions } from './types.js';

/** The ‹ › versions without JavaScript (`?v=`), in the rendered page. */

const signedIn: SharePageOptions = { signedIn: true, ttsEngine: 'none' };
const attribute = (tag: HtmlTag, name: string) => tag.attributes.find((a) => a.name === name)?.value;
const has = (tag: HtmlTag, name: string) => tag.attributes.some((a) => a.name === name);

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
});
