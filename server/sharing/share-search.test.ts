import type { Page } from '../../common/api/common.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createChat, createUser, shareChat, type TestShare, type TestUser } from '../test/factories.js';
import { GENEROUS_RATE_LIMITS, startTestApp, type TestApp } from '../test/harness.js';

// Title search of Shared Chats and of the admin's list (S13, S14): a substring, in any case, with
// LIKE's wildcards and the escape character taken literally, paged by cursor. The admin's search
// first walks the newest links and falls back to the title index when they hold less than a page
// (server/sharing/sharing.repository.ts); pages of 2 go through both.

/** An item of Shared Chats, or of the admin's list. */
type Listed = TestShare | { share: TestShare };
const titleOf = (item: Listed) => ('share' in item ? item.share.title : item.title);

let t: TestApp;
let ada: TestUser;
let bob: TestUser;
let admin: TestUser;

beforeEach(async () => {
  t = await startTestApp({ rateLimits: GENEROUS_RATE_LIMITS });
  admin = await createUser(t, { role: 'admin', name: 'Admin' });
  ada = await createUser(t, { name: 'Ada' });
  bob = await createUser(t, { name: 'Bob' });
});
afterEach(async () => {
  await t.close();
});

const ADAS = ['Rust lifetimes', '100% sure', 'snake_case names', 'rusty bike repair', 'snakeXcase', 'back\\slash', '100 percent', 'RUST again', 'Tax'];
const BOBS = ['Rust for Bob', '50% off', 'Bob_s notes', 'backslash'];
const QUERIES = ['rust', 'RuSt', 'ru', '%', '0%', '_', 'e_c', '\\', 'k\\s', 'zzz', 'bob'];

/** Every page of `path` (limit 2), in order. */
async function allPages(user: TestUser, path: string): Promise<string[]> {
  const seen: string[] = [];
  let cursor: string | null = null;
  do {
    const url: string = `${path}${path.includes('?') ? '&' : '?'}limit=2${cursor ? `&cursor=${cursor}` : ''}`;
    const page = await user.client.get<Page<Listed>>(url);
    expect(page.status, url).toBe(200);
    seen.push(...page.body.items.map(titleOf));
    cursor = page.body.nextCursor;
  } while (cursor !== null);
  return seen;
}

describe('searching link titles', () => {
  it('matches substrings in any case, wildcards literally, on every page, for the owner and the admin', async () => {
    for (let i = 0; i < Math.max(ADAS.length, BOBS.length); i += 1) {
      const adas = ADAS[i];
      const bobs = BOBS[i];
      if (adas !== undefined) await shareChat(ada, (await createChat(ada, { title: adas, messages: 1 })).id);
      if (bobs !== undefined) await shareChat(bob, (await createChat(bob, { title: bobs, messages: 1 })).id);
    }
    // The lists without a search give the order; a search keeps it and drops what does not match.
    const mine = await allPages(ada, '/api/v1/shares');
    const everyone = await allPages(admin, '/api/v1/admin/shares');
    expect(mine).toHaveLength(ADAS.length);
    expect(everyone).toHaveLength(ADAS.length + BOBS.length);
    for (const q of QUERIES) {
      const matches = (titles: string[]) => titles.filter((s) => s.toLowerCase().includes(q.toLowerCase()));
      const param = `q=${encodeURIComponent(q)}`;
      expect(await allPages(ada, `/api/v1/shares?${param}`), q).toEqual(matches(mine));
      expect((await ada.client.get<Page<TestShare>>(`/api/v1/shares?${param}`)).body.items.map(titleOf), q).toEqual(matches(mine));
      expect(await allPages(admin, `/api/v1/admin/shares?${param}`), q).toEqual(matches(everyone));
      const bobsOnly = everyone.filter((s) => BOBS.includes(s));
      expect(await allPages(admin, `/api/v1/admin/shares?${param}&owner=${bob.user.id}`), q).toEqual(matches(bobsOnly));
    }
    expect(await allPages(ada, '/api/v1/shares?q=rust&order=asc')).toEqual(['Rust lifetimes', 'rusty bike repair', 'RUST again']);
  });
});
