import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { PageCache } from './page-cache.js';

/**
 * The page cache's budget bounds the memory its pages hold, not only their lengths: a small page
 * kept as a slice of a larger buffer (gzipSync's 16 KiB output buffer, Buffer.from()'s shared
 * 8 KiB pool) held about five times what was counted, which the load test saw as external memory
 * growing with every re-share (docs/architecture.md, Load).
 */
describe('page cache', () => {
  const key = (n: number) => PageCache.key({ shareId: `link${n}`, version: 1, signedIn: false, ttsEngine: 'browser', chosen: null, ownerName: 'Ada' });
  const page = (n: number) => `<!doctype html><title>Page ${n}</title><main>${`<p>Message ${n} of a short chat.</p>`.repeat(40)}</main>`;

  it('keeps each page in buffers of its own, exactly their size', () => {
    const cache = new PageCache(1024 * 1024);
    const cached = cache.set(key(1), page(1));
    expect(cached.bytes.toString('utf8')).toBe(page(1));
    expect(gunzipSync(cached.gzip).toString('utf8')).toBe(page(1));
    for (const buffer of [cached.bytes, cached.gzip]) {
      expect(buffer.byteOffset).toBe(0);
      expect(buffer.buffer.byteLength).toBe(buffer.length);
    }
  });

  it('holds no more memory than its budget, counting the buffers behind its pages', () => {
    const budget = 200 * 1024;
    const cache = new PageCache(budget);
    const keys = Array.from({ length: 500 }, (_, n) => key(n));
    keys.forEach((key, n) => cache.set(key, page(n)));
    const held = keys.map((key) => cache.get(key)).filter((entry) => entry !== undefined);
    expect(held.length).toBe(cache.held().entries);
    expect(held.length).toBeGreaterThan(10);
    const memory = new Set(held.flatMap((entry) => [entry.bytes.buffer, entry.gzip.buffer]));
    const resident = [...memory].reduce((sum, buffer) => sum + buffer.byteLength, 0);
    expect(resident).toBeLessThanOrEqual(cache.held().bytes);
    expect(cache.held().bytes).toBeLessThanOrEqual(budget);
  });
});
