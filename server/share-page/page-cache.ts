import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { LruCache } from '../lib/lru.js';

/**
 * Rendered share pages in memory, least recently used out first. Keys name everything a page
 * depends on (link, snapshot version, viewer kind, sharer's name, read-aloud engine), so a
 * stale entry can never be served; access is checked before the cache is asked.
 */
export interface CachedPage {
  /** The page as UTF-8 bytes, encoded once rather than on every send. */
  bytes: Buffer;
  /** The same page gzipped once, for the clients that accept it (most pages shrink five-fold). */
  gzip: Buffer;
  etag: string;
}

export class PageCache {
  private readonly pages: LruCache<CachedPage>;

  constructor(maxBytes: number) {
    this.pages = new LruCache(maxBytes, (page) => page.bytes.length + page.gzip.length);
  }

  /**
   * The key of a page: one string built per request, so no JSON. The sharer's name, the one part
   * that can hold any character, comes last; no other part can hold a newline (the id and the
   * version chosen are checked against their patterns, the engine is one of a list).
   */
  static key(page: { shareId: string; version: number; signedIn: boolean; ttsEngine: string; chosen: string | null; ownerName: string }): string {
    return `${page.shareId}\n${page.version}\n${page.signedIn ? 1 : 0}\n${page.ttsEngine}\n${page.chosen ?? ''}\n${page.ownerName}`;
  }

  static etag(key: string): string {
    // Weak: the same page is sent plain or gzipped.
    return `W/"${createHash('sha256').update(key).digest('base64url').slice(0, 27)}"`;
  }

  get(key: string): CachedPage | undefined {
    return this.pages.get(key);
  }

  set(key: string, body: string): CachedPage {
    return this.pages.set(key, PageCache.page(body, key));
  }

  /** A page as the cache keeps it, without keeping it. */
  static page(body: string, key: string): CachedPage {
    const bytes = Buffer.from(body, 'utf8');
    return { bytes, gzip: gzipSync(bytes, { level: 6 }), etag: PageCache.etag(key) };
  }
}
