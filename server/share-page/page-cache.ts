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

  static key(parts: readonly (string | number | boolean | null)[]): string {
    return JSON.stringify(parts);
  }

  static etag(key: string): string {
    // Weak: the same page is sent plain or gzipped.
    return `W/"${createHash('sha256').update(key).digest('base64url').slice(0, 27)}"`;
  }

  get(key: string): CachedPage | undefined {
    return this.pages.get(key);
  }

  set(key: string, body: string): CachedPage {
    const bytes = Buffer.from(body, 'utf8');
    return this.pages.set(key, { bytes, gzip: gzipSync(bytes, { level: 6 }), etag: PageCache.etag(key) });
  }
}
