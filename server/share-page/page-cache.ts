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

/**
 * What an entry costs besides its bytes: its key, its ETag and the objects holding them (about
 * 1.2 KiB per page measured with the test hooks' heap after a full collection; rounded up).
 */
const ENTRY_OVERHEAD_BYTES = 1536;

/**
 * A copy of `buffer` in memory of its own, exactly its size. A small Buffer is a slice of
 * something larger that it keeps alive: gzipSync's answer is a slice of a 16 KiB output buffer,
 * and Buffer.from() of a short string a slice of a shared 8 KiB pool. Kept in the cache, such
 * slices held about five times the bytes the budget counted (docs/architecture.md, Load).
 */
function ownBytes(buffer: Buffer): Buffer {
  const copy = Buffer.allocUnsafeSlow(buffer.length);
  buffer.copy(copy);
  return copy;
}

export class PageCache {
  private readonly pages: LruCache<CachedPage>;

  constructor(maxBytes: number) {
    // The memory the buffers hold, not their length: the budget is a bound on what stays resident.
    this.pages = new LruCache(maxBytes, (page) => page.bytes.buffer.byteLength + page.gzip.buffer.byteLength + ENTRY_OVERHEAD_BYTES);
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

  /** How many pages it holds, and their bytes (plain and gzipped). */
  held(): { entries: number; bytes: number } {
    return this.pages.held();
  }

  get(key: string): CachedPage | undefined {
    return this.pages.get(key);
  }

  set(key: string, body: string): CachedPage {
    const page = PageCache.page(body, key);
    return this.pages.set(key, { bytes: ownBytes(page.bytes), gzip: ownBytes(page.gzip), etag: page.etag });
  }

  /** A page as the cache keeps it, without keeping it (its buffers may be slices of larger ones). */
  static page(body: string, key: string): CachedPage {
    const bytes = Buffer.from(body, 'utf8');
    return { bytes, gzip: gzipSync(bytes, { level: 6 }), etag: PageCache.etag(key) };
  }
}
