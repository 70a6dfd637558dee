import { isolateBidi } from '../../common/bidi.js';
import { escapeHtml } from '../../common/markdown.js';
import { DEFAULT_ASSET_BASE, shareAssetNames, shareStylesheet, stylesheetNeeds, type StylesheetNeeds } from './assets.js';
import { renderThread } from './thread.js';
import type { SharePageOptions, ShareView } from './types.js';

/**
 * The page of a shared link (`GET /s/<id>`), rendered whole on the server: it reads without
 * JavaScript, and loads nothing from another origin. Its one script (a file of ours, as the CSP
 * wants) adds copy buttons, version switching, read-aloud and "Continue this conversation".
 */

const DATE_FORMAT = new Intl.DateTimeFormat('en-US', { dateStyle: 'long', timeZone: 'UTC' });

/** A snapshot's date for readers, "November 21, 2026"; the ISO string if it is not a date. */
export function formatDate(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : DATE_FORMAT.format(date);
}

interface DocumentParts {
  title: string;
  head?: string;
  bodyAttributes?: string;
  main: string;
  footer?: string;
  assetBase: string;
  siteName: string;
  script: boolean;
  /** What the page holds that needs more than the base stylesheet. */
  needs: StylesheetNeeds;
}

function renderDocument(parts: DocumentParts): string {
  const names = shareAssetNames();
  const stylesheet = shareStylesheet(parts.needs);
  const script = parts.script ? `<script type="module" src="${escapeHtml(parts.assetBase + names.script)}"></script>\n` : '';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<meta name="referrer" content="no-referrer">
<meta name="color-scheme" content="light dark">
<title>${escapeHtml(parts.title)}</title>
${parts.head ?? ''}<link rel="icon" href="/favicon.svg" type="image/svg+xml">
<link rel="stylesheet" href="${escapeHtml(parts.assetBase + stylesheet)}">
${script}</head>
<body${parts.bodyAttributes ?? ''}>
<header class="topbar"><a class="brand" href="/">${escapeHtml(parts.siteName)}</a></header>
<main class="column">
${parts.main}
</main>
${parts.footer ?? ''}</body>
</html>
`;
}

/** `id`: the share id, already encoded for a URL and escaped for HTML. */
function continueControl(id: string, signedIn: boolean): string {
  if (signedIn) {
    return `<button type="button" class="continue" data-fork-url="/api/v1/shares/${id}/fork">Continue this conversation</button>`;
  }
  // Only public links are seen signed out; forking needs an account here, and the fork is made
  // as soon as the viewer has signed in (the web app's /continue/<id>).
  return (
    `<a class="continue" href="/auth?redirect=${encodeURIComponent(`/continue/${id}`)}">Continue this conversation</a>` +
    `<p class="continue-hint">Sign in to continue it as your own chat.</p>`
  );
}

/** The HTML page of a shared link, from what its viewer may see. */
export function renderSharePage(view: ShareView, options: SharePageOptions): string {
  const { share } = view;
  const siteName = options.siteName ?? 'Parley';
  const title = share.title.trim() || 'Shared chat';
  const sharer = share.sharedBy === null ? 'Anonymous' : share.sharedBy;
  const urlId = escapeHtml(encodeURIComponent(share.id));
  const date = escapeHtml(formatDate(share.updatedAt));
  // Link previews show the title of a public link, and nothing else of any link.
  // User text is isolated wherever it shows, so that bidi controls in it cannot reorder what
  // follows (docs/architecture.md, "Bidi controls in user text"): FSI … PDI in plain text, <bdi> in HTML.
  const openGraph = share.access === 'public' ? `<meta property="og:title" content="${escapeHtml(isolateBidi(title))}">\n` : '';
  const thread = renderThread(view, options);
  return renderDocument({
    title: `${isolateBidi(title)} · ${siteName}`,
    head: `${openGraph}<link rel="alternate" type="text/markdown" href="/s/${urlId}.md">\n`,
    bodyAttributes: ` data-share-id="${escapeHtml(share.id)}" data-tts="${escapeHtml(options.ttsEngine)}"`,
    main: `<header class="share-header">
<h1><bdi>${escapeHtml(title)}</bdi></h1>
<p class="share-meta">Shared by <bdi class="sharer">${escapeHtml(sharer)}</bdi> · <time datetime="${escapeHtml(share.updatedAt)}">${date}</time></p>
</header>
<div class="thread">
${thread}</div>`,
    footer: `<div class="continue-bar"><div class="column">
${continueControl(urlId, options.signedIn)}
<p class="continue-status" role="status" aria-live="polite"></p>
</div></div>
<footer class="share-footer"><div class="column">
<p class="fine-print">A snapshot of a conversation, shared on ${date}. Later changes to the chat do not show here. <a href="/s/${urlId}.md">View as Markdown</a></p>
</div></footer>
`,
    assetBase: options.assetBase ?? DEFAULT_ASSET_BASE,
    siteName,
    script: true,
    needs: stylesheetNeeds(thread),
  });
}

/** The one page for every link that cannot be shown: unknown, revoked, expired or not permitted. */
export function renderNotFoundPage(options: Pick<SharePageOptions, 'assetBase' | 'siteName'> = {}): string {
  const siteName = options.siteName ?? 'Parley';
  return renderDocument({
    title: `Not Found · ${siteName}`,
    main: `<header class="share-header not-found">
<h1>Not Found</h1>
<p class="share-meta">This link does not exist, was deleted, has expired, or is not shared with this account.</p>
<p><a class="continue" href="/">Go to ${escapeHtml(siteName)}</a></p>
</header>`,
    assetBase: options.assetBase ?? DEFAULT_ASSET_BASE,
    siteName,
    script: false,
    needs: { math: false, code: false },
  });
}
