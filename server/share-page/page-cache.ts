import { createHash } from 'node:crypto';
import { LruCache } from '../lib/lru.js';

/**
 * Rendered share pages in memory, least recently used out first. Keys name everything a page
 * depends on (link, snapshot version, viewer kind, sharer's name, read-aloud engine), so a
 * stale entry can never be served; access is checked before the cache is asked.
 */
export class PageCache {
  private readonly pages: LruCache<{ body: string; etag: string }>;

  constructor(maxBytes: number) {
    this.pages = new LruCache(maxBytes, (page) => page.body.length * 2);
  }

  static key(parts: readonly (string | number | boolean | null)[]): string {
    return JSON.stringify(parts);
  }

  static etag(key: string): string {
    return `"${createHash('sha256').update(key).digest('base64url').slice(0, 27)}"`;
  }

  get(key: string): { body: string; etag: string } | undefined {
    return this.pages.get(key);
  }

  set(key: string, body: string): { body: string; etag: string } {
    return this.pages.set(key, { body, etag: PageCache.etag(key) });
  }
}
