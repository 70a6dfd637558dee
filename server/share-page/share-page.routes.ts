import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { AppError, UnauthenticatedError } from '../http/errors.js';
import { sessionTokenHash, userOfApiKey } from '../auth/authenticate.js';
import { readBlob } from '../content/files.js';
import { findSnapshotFile } from '../content/files.repository.js';
import { sendFile } from '../files/file-response.js';
import { viewableShare } from '../sharing/access.js';
import { presentViewerShare } from '../sharing/sharing.presenter.js';
import { snapshotOf } from '../sharing/sharing.service.js';
import { openShare, wholeShare, type OpenedShare } from '../sharing/share-view.service.js';
import type { Settings } from '../settings/settings.schema.js';
import { shareAssets } from './assets.js';
import { PageCache, type CachedPage } from './page-cache.js';
import { renderShareMarkdown } from './share-markdown.js';
import { renderNotFoundPage, renderSharePage } from './share-page.js';

const SHARE_REF = /^([A-Za-z0-9_-]{22})(\.md)?$/;
const ASSET_NAME = /^[A-Za-z0-9_.-]{1,100}$/;
const MESSAGE_ID = /^[A-Za-z0-9_-]{1,64}$/;

/** `?v=`, the version the ‹ › buttons chose without JavaScript, when it looks like a message id. */
function chosenVersion(query: { v?: string | string[] }): string | null {
  return typeof query.v === 'string' && MESSAGE_ID.test(query.v) ? query.v : null;
}

/** The encoding to send a compressed body in: brotli, else gzip, else none. */
function preferredEncoding(acceptEncoding: string | undefined): 'br' | 'gzip' | null {
  if (/\bbr\b/.test(acceptEncoding ?? '')) return 'br';
  return /\bgzip\b/.test(acceptEncoding ?? '') ? 'gzip' : null;
}

/** Every share response keeps out of search engines and sends no referrer (rule S16). */
function shareHeaders(reply: FastifyReply): FastifyReply {
  return reply
    .header('x-robots-tag', 'noindex, nofollow')
    .header('referrer-policy', 'no-referrer')
    .header('cache-control', 'private, no-cache');
}

const notFoundPage = renderNotFoundPage();

/** The share page's one "Not Found" (rule S8), also for URLs under /s/ that no route can read. */
export function sendShareNotFound(reply: FastifyReply): FastifyReply {
  return shareHeaders(reply).status(404).type('text/html; charset=utf-8').send(notFoundPage);
}

/**
 * `GET /s/<id>`: the shared page, server-rendered (rule S8). The link's state is read from the
 * database on every request, so a revoke holds at once on every instance; the rendered HTML is
 * cached by snapshot version and revalidated with an ETag.
 */
export const sharePageRoutes: FastifyPluginAsync = async (app) => {
  const { db, config, settings: settingsStore, pages: cache } = app.deps;
  const notFound = sendShareNotFound;

  app.get<{ Params: { name: string } }>('/s/_assets/:name', { schema: { hide: true } }, (request, reply) => {
    const asset = ASSET_NAME.test(request.params.name) ? shareAssets().get(request.params.name) : undefined;
    if (!asset) return notFound(reply);
    void reply
      .header('x-robots-tag', 'noindex, nofollow')
      .header('cache-control', 'public, max-age=31536000, immutable')
      .type(asset.type);
    if (!asset.gzip) return reply.send(asset.body);
    void reply.header('vary', 'Accept-Encoding');
    const encoding = preferredEncoding(request.headers['accept-encoding']);
    const body = encoding === null ? asset.body : asset[encoding];
    if (encoding !== null && body) void reply.header('content-encoding', encoding);
    return reply.send(body ?? asset.body);
  });

  /*
   * A file of the link's snapshot, by the snapshot's own file id (rule S21): the same access
   * decision as the page on every request, nothing cached, so it is gone with the link.
   */
  app.get<{ Params: { ref: string; fileId: string } }>(
    '/s/:ref/files/:fileId',
    { schema: { hide: true }, config: { auth: 'optional' } },
    async (request, reply) => {
      const { ref, fileId } = request.params;
      if (!/^[A-Za-z0-9_-]{22}$/.test(ref) || !MESSAGE_ID.test(fileId)) return notFound(reply);
      let share;
      try {
        share = await viewableShare(db, await settingsStore.read(db), request.viewer, ref);
      } catch (error) {
        if (error instanceof UnauthenticatedError) return redirectToSignIn(reply, ref);
        if (error instanceof AppError && error.code === 'not_found') return notFound(reply);
        throw error;
      }
      const file = share.snapshot_id === null ? undefined : await findSnapshotFile(db, fileId, share.snapshot_id);
      const bytes = file ? await readBlob(config.dataDir, file.hash) : null;
      if (!file || !bytes) return notFound(reply);
      void reply.header('x-robots-tag', 'noindex, nofollow').header('referrer-policy', 'no-referrer');
      return sendFile(reply, file, bytes, 'none');
    },
  );

  // `/s//<id>`, `/s/<id>/more`: not a share URL, and not the web app's either (S5).
  app.get('/s/*', { schema: { hide: true } }, (_request, reply) => notFound(reply));

  // No `auth` guard: the viewer's session is read in the same query as the link (openShare).
  app.get<{ Params: { ref: string }; Querystring: { v?: string | string[] } }>('/s/:ref', { schema: { hide: true } }, async (request, reply) => {
    const match = SHARE_REF.exec(request.params.ref);
    const shareId = match?.[1];
    if (shareId === undefined) return notFound(reply);
    let opened: OpenedShare;
    try {
      // Only a request that sends a key pays for reading one.
      const apiKeyUser = request.headers.authorization === undefined ? null : await userOfApiKey(request);
      opened = await openShare(db, settingsStore, shareId, apiKeyUser ? { apiKeyUser } : { sessionTokenHash: sessionTokenHash(request) });
      if (match?.[2] === '.md') {
        const share = await wholeShare(db, opened);
        const view = presentViewerShare(share, await snapshotOf(db, share), opened.ownerName);
        return await shareHeaders(reply).type('text/markdown; charset=utf-8').send(renderShareMarkdown(view, { publicUrl: config.publicUrl }));
      }
      return await sendPage(request.query, reply, opened);
    } catch (error) {
      if (error instanceof UnauthenticatedError && request.headers.authorization === undefined) return redirectToSignIn(reply, shareId);
      // Gone while its page was being rendered: the page's validator goes too.
      if (error instanceof AppError && error.code === 'not_found') return notFound(reply.removeHeader('etag'));
      throw error;
    }
  });

  /**
   * The page from the cache when it holds it (the usual case: no promise, no database), else
   * rendered from the whole link and its snapshot, read now.
   */
  function sendPage(query: { v?: string | string[] }, reply: FastifyReply, opened: OpenedShare): FastifyReply | Promise<FastifyReply> {
    const signedIn = opened.viewer !== null;
    const tts = opened.settings.tts.engine;
    const version = chosenVersion(query);
    const key = pageKey(opened, signedIn, tts, version);
    const page = cache.get(key);
    const etag = page?.etag ?? PageCache.etag(key);
    shareHeaders(reply).header('etag', etag);
    if (reply.request.headers['if-none-match'] === etag) return reply.status(304).send();
    if (page) return sendCached(reply, page);
    return renderPage(opened, signedIn, tts, version).then((rendered) => sendCached(reply, rendered));
  }

  async function renderPage(opened: OpenedShare, signedIn: boolean, tts: Settings['tts']['engine'], chosen: string | null): Promise<CachedPage> {
    const share = await wholeShare(db, opened);
    const shared = presentViewerShare(share, await snapshotOf(db, share), opened.ownerName);
    // A `v` that names no message of this snapshot shows the current thread, cached once.
    const version = chosen !== null && shared.messages.some((message) => message.id === chosen) ? chosen : null;
    const html = renderSharePage(shared, { signedIn, ttsEngine: tts, ...(version !== null && { version }) });
    // Changed since the link was decided: this page is the newer version's, not for the older key.
    if (share.version !== opened.share.version) return PageCache.page(html, PageCache.key({ shareId: share.id, version: share.version, signedIn, ttsEngine: tts, chosen: version, ownerName: opened.ownerName }));
    const key = pageKey(opened, signedIn, tts, version);
    return cache.get(key) ?? cache.set(key, html);
  }
};

/** Everything a rendered page depends on (docs/architecture.md, The share page), as the cache's key. */
function pageKey(opened: OpenedShare, signedIn: boolean, tts: string, version: string | null): string {
  return PageCache.key({ shareId: opened.share.id, version: opened.share.version, signedIn, ttsEngine: tts, chosen: version, ownerName: opened.ownerName });
}

function sendCached(reply: FastifyReply, page: CachedPage): FastifyReply {
  void reply.type('text/html; charset=utf-8').header('etag', page.etag).header('vary', 'Accept-Encoding, Cookie');
  if (/\bgzip\b/.test(reply.request.headers['accept-encoding'] ?? '')) return reply.header('content-encoding', 'gzip').send(page.gzip);
  return reply.send(page.bytes);
}

/** Nothing of the chat before signing in; the sign-in page sends them back here. */
function redirectToSignIn(reply: FastifyReply, shareId: string) {
  return shareHeaders(reply).redirect(`/auth?redirect=${encodeURIComponent(`/s/${shareId}`)}`, 302);
}
