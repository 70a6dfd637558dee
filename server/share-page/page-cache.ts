import { createHash } from 'node:crypto';

/**
 * Rendered share pages in memory, least recently used out first. Keys name everything a page
 * depends on (link, snapshot version, viewer kind, sharer's name, read-aloud engine), so a
 * stale entry can never be served; access is checked before the cache is asked.
 */
export class PageCache {
  private readonly entries = new Map<string, { body: string; etag: string }>();
  private bytes = 0;

  constructor(private readonly maxBytes: number) {}

  static key(parts: readonly (string | number | boolean | null)[]): string {
    return JSON.stringify(parts);
  }

  static etag(key: string): string {
    return `"${createHash('sha256').update(key).digest('base64url').slice(0, 27)}"`;
  }

  get(key: string): { body: string; etag: string } | undefined {
    const entry = this.entries.get(key);
    if (entry) {
      this.entries.delete(key);
      this.entries.set(key, entry);
    }
    return entry;
  }

  set(key: string, body: string): { body: string; etag: string } {
    const entry = { body, etag: PageCache.etag(key) };
    const size = body.length * 2;
    if (size > this.maxBytes) return entry;
    const old = this.entries.get(key);
    if (old) {
      this.bytes -= old.body.length * 2;
      this.entries.delete(key);
    }
    this.entries.set(key, entry);
    this.bytes += size;
    for (const [oldest, value] of this.entries) {
      if (this.bytes <= this.maxBytes) break;
      this.entries.delete(oldest);
      this.bytes -= value.body.length * 2;
    }
    return entry;
  }
}
