/**
 * Target 4, big chats (bench/README.md). With Parley in its own process (as `npm start` runs it):
 *   - `GET /api/v1/chats/:id` of a 10,000-message chat, sharing it, and its share page;
 *   - in Chromium (playwright-core, /usr/bin/chromium), the web app opening a 1,000-message chat:
 *     the time from navigation until its last message is on the page, then, while a reply streams
 *     into it, the long tasks of the page and the latency of typing into the composer.
 * SQLite, and PostgreSQL for the API figures with TEST_DATABASE_URL set. Needs `npm run build:web`.
 *
 *   npx tsx bench/big-chats.ts [--quick] [--sqlite-only] [--web-only | --server-only] [--cpu-prof DIR]
 *
 * --web-only measures Chromium alone and prints its figures without writing bench/results.
 * --server-only measures the API alone and writes the report with the Chromium rows and section of
 * the last report kept as they were (with that run's date). --cpu-prof DIR starts the server with
 * `node --cpu-prof`, its profiles in DIR/<dialect>/ (one per thread), written when it stops.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { postgresDatabase } from './lib/postgres.js';
import { chromium } from 'playwright-core';
import { SESSION_COOKIE } from '../server/auth/authenticate.js';
import { startFakeModelServer } from '../server/llm/testing/fake-model-server.js';
import { testEnvironment } from '../server/test/environment.js';
import { startParley, type ParleyProcess } from './lib/parley.js';
import { flag, hasFlag, QUICK, RESULTS_DIR, ROOT_DIR, table, writeChart, writeResult, type BenchResult, type TargetResult } from './lib/report.js';
import { ms, summarize, timeEach, type Summary } from './lib/stats.js';

const BIG = QUICK ? 300 : 10_000;
const BROWSER_CHAT = QUICK ? 50 : 1000;
const GETS = QUICK ? 3 : 20;
const STREAM_TOKENS = QUICK ? 30 : 200;
const STREAM_DELAY_MS = 10;

function message(i: number): { role: 'user' | 'assistant'; content: string } {
  if (i % 2 === 0) return { role: 'user', content: `Question ${i / 2 + 1}: how would you merge two sorted lists, and why that way?` };
  return {
    role: 'assistant',
    content: `Answer ${(i + 1) / 2}. Walk both lists **once**, taking the smaller head each time:\n\n1. Compare the heads.\n2. Move the smaller one out.\n3. Append what is left.\n\n\`\`\`python\ndef merge(a, b):\n    return sorted(a + b)  # the short way\n\`\`\`\n\nThis is $O(n+m)$.`,
  };
}

interface Session {
  parley: ParleyProcess;
  cookie: string;
  call(method: string, url: string, body?: unknown): Promise<{ status: number; json: unknown; text: string; ms: number }>;
}

async function session(parley: ParleyProcess): Promise<Session> {
  const base = parley.base;
  const signup = await fetch(`${base}/api/v1/auth/signup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: base },
    body: JSON.stringify({ email: 'bench@example.com', password: 'benchmark password', name: 'Bench' }),
  });
  const cookie = (signup.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  return {
    parley,
    cookie,
    async call(method: string, url: string, body?: unknown) {
      const started = performance.now();
      const response = await fetch(`${base}${url}`, {
        method,
        headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), origin: base, cookie },
        body: body === undefined ? null : JSON.stringify(body),
      });
      const text = await response.text();
      const elapsed = performance.now() - started;
      return { status: response.status, json: text && response.headers.get('content-type')?.includes('json') ? (JSON.parse(text) as unknown) : null, text, ms: elapsed };
    },
  };
}

async function createChat(s: Session, n: number, last: string): Promise<string> {
  const messages = Array.from({ length: n }, (_, i) => message(i));
  messages[n - 1] = { role: 'assistant', content: last };
  const created = await s.call('POST', '/api/v1/chats', { title: `A chat of ${n} messages`, messages });
  if (created.status !== 201) throw new Error(`create chat: ${created.status}`);
  return (created.json as { chat: { id: string } }).chat.id;
}

/** The API figures on one database. */
async function apiFigures(dialect: string, databaseUrl: string | undefined) {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'parley-bench-big-'));
  const profileDir = flag('cpu-prof');
  const parley = await startParley({ dataDir, databaseUrl, nodeArgs: profileDir === undefined ? [] : ['--cpu-prof', `--cpu-prof-dir=${path.join(profileDir, dialect)}`] });
  try {
    const s = await session(parley);
    const last = `The very last message, number ${BIG}.`;
    const chatId = await createChat(s, BIG, last);
    await s.call('GET', `/api/v1/chats/${chatId}`);
    const gets = await timeEach(GETS, async () => {
      const reply = await s.call('GET', `/api/v1/chats/${chatId}`);
      if (reply.status !== 200 || (reply.json as { chat: { messages: unknown[] } }).chat.messages.length !== BIG) throw new Error(`get chat: ${reply.status}`);
    });
    const share = await s.call('PUT', `/api/v1/chats/${chatId}/share`, {});
    const shareId = (share.json as { share: { id: string } }).share.id;
    if (share.status !== 201) throw new Error(`share: ${share.status}`);
    const reshare = await s.call('PUT', `/api/v1/chats/${chatId}/share`, {});
    if (reshare.status !== 200) throw new Error(`re-share: ${reshare.status}`);
    const pages = await timeEach(Math.max(3, Math.floor(GETS / 2)), async () => {
      const page = await s.call('GET', `/s/${shareId}`);
      if (page.status !== 200 || !page.text.includes(last)) throw new Error(`share page: ${page.status}`);
    });
    const page = await s.call('GET', `/s/${shareId}`);
    return { dialect, get: summarize(gets), share: share.ms, reshare: reshare.ms, page: summarize(pages), pageBytes: Buffer.byteLength(page.text), rss: parley.rss() };
  } finally {
    await parley.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** The web app in Chromium: opening a long chat, and typing while a reply streams into it. */
async function browserFigures() {
  if (!existsSync(path.join(ROOT_DIR, 'dist/web/index.html'))) throw new Error('The web app is not built: run `npm run build:web` first.');
  const fake = await startFakeModelServer({ models: ['bench-model'] });
  const dataDir = mkdtempSync(path.join(tmpdir(), 'parley-bench-browser-'));
  const parley = await startParley({ dataDir, env: { OPENAI_API_BASE_URL: fake.baseUrl } });
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
  try {
    const s = await session(parley);
    const last = `LAST-${BROWSER_CHAT}: the newest answer of this long chat.`;
    const chatId = await createChat(s, BROWSER_CHAT, last);
    // bypassCSP: Parley's CSP rightly refuses the string-evaluated probes below; nothing else changes.
    const context = await browser.newContext({ baseURL: parley.base, viewport: { width: 1280, height: 800 }, bypassCSP: true });
    await context.addCookies([{ name: SESSION_COOKIE, value: decodeURIComponent(s.cookie.split('=').slice(1).join('=')), url: parley.base, httpOnly: true, sameSite: 'Lax' }]);
    // In the page, from navigation start: the first frame whose text holds the last message; every
    // long task; and for each key typed, the time from the event to the frame after it.
    // Written as a string: functions passed to the page would carry the helpers tsx adds to them.
    await context.addInitScript(`(() => {
      const marker = ${JSON.stringify(last)};
      const bench = { shown: null, longTasks: [], inputs: [] };
      window.bench = bench;
      const look = () => {
        if (bench.shown === null && document.body && document.body.textContent.includes(marker)) bench.shown = performance.now();
        if (bench.shown === null) requestAnimationFrame(look);
      };
      requestAnimationFrame(look);
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) bench.longTasks.push(entry.duration);
      }).observe({ type: 'longtask', buffered: true });
      document.addEventListener('keydown', (event) => {
        const start = event.timeStamp;
        requestAnimationFrame(() => setTimeout(() => bench.inputs.push(performance.now() - start), 0));
      }, true);
    })();`);
    const opens: number[] = [];
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(m.text());
    });
    page.on('pageerror', (e) => problems.push(e.message));
    page.on('response', (r) => {
      if (r.status() >= 400) problems.push(`${r.status()} ${r.url()}`);
    });
    for (let i = 0; i < (QUICK ? 1 : 5); i += 1) {
      await page.goto(`/c/${chatId}`);
      await page
        .waitForFunction('window.bench.shown !== null', null, { timeout: 30_000 })
        .catch(async (error: unknown) => {
          throw new Error(`the last message never showed at ${page.url()}: ${(await page.content()).slice(0, 1500)} ${problems.join('; ')}`, { cause: error });
        });
      opens.push(Number(await page.evaluate('window.bench.shown')));
    }
    // A reply streams in while the reader types the next question.
    fake.script = { tokens: Array.from({ length: STREAM_TOKENS }, (_, i) => (i % 20 === 19 || i === STREAM_TOKENS - 1 ? `word${i}.\n\n` : `word${i} `)), tokenDelayMs: STREAM_DELAY_MS };
    await page.evaluate('window.bench.longTasks = []; window.bench.inputs = []');
    const composer = page.getByRole('textbox', { name: 'Message' });
    await composer.fill('Write a long answer');
    await composer.press('Enter');
    // Waiting and typing cost the page nothing of their own: a text locator would search the whole
    // thousand-message page on every poll (Playwright's injected script was a fifth of the page's
    // CPU in a profile), so the probe reads the last message only, four times a second, and the
    // keys go to the focused composer without a locator.
    const lastReplyHas = (text: string, timeout: number) =>
      page.waitForFunction(
        `(document.querySelector('main article:last-of-type')?.textContent ?? '').includes(${JSON.stringify(text)})`,
        null,
        { timeout, polling: 250 },
      );
    await lastReplyHas('word5 ', 30_000);
    const typingStarted = Date.now();
    while (Date.now() - typingStarted < STREAM_TOKENS * STREAM_DELAY_MS * 0.7) await page.keyboard.type('typing along ', { delay: 30 });
    await lastReplyHas(`word${STREAM_TOKENS - 1}.`, 60_000);
    const during: { longTasks: number[]; inputs: number[] } = await page.evaluate('window.bench');
    await context.close();
    return { opens: summarize(opens), longTasks: during.longTasks, inputs: summarize(during.inputs), rss: parley.rss() };
  } finally {
    await browser.close();
    await parley.stop();
    await fake.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (hasFlag('web-only')) {
  const web = await browserFigures();
  console.log(JSON.stringify({ opens: web.opens, longTasks: web.longTasks.map((d) => Math.round(d)), inputs: web.inputs }, null, 1));
  process.exit(0);
}
const api = [await apiFigures('SQLite', undefined)];
const pgUrl = testEnvironment().databaseUrl;
// A quick run proves the script on SQLite alone, to stay within a minute for all.
if (pgUrl && !QUICK && !hasFlag('sqlite-only')) {
  const database = await postgresDatabase(pgUrl, 'big');
  try {
    api.push(await apiFigures('PostgreSQL', database.url));
  } finally {
    await database.drop();
  }
}

/** What profiling the server found (bench/README.md: profile before optimising), and what changed. */
const SERVER_FINDINGS = [
  '## The server: what the profile showed',
  '',
  'Profiled 2026-12-02 with `--cpu-prof` on the server, the inspector around each request kind, a Kysely query log of',
  '`readChat` and `shareChat` on the bench database, and EXPLAIN (ANALYZE) / EXPLAIN QUERY PLAN. The machine was at load 13–15 on',
  '2 cores throughout, so every absolute figure here is several times a quiet machine’s; compare within a row.',
  '',
  '- **Zod was not the cost of the GET.** fastify-type-provider-zod’s `safeEncode` of the 10,000 messages adds about a quarter',
  '  to `JSON.stringify` (28 against 22 ms, measured alone). No fast path was added: the reply is still checked by its schema.',
  '- **The GET was SQL and row parsing.** The attachments took 40 statements of 500 ids (250–420 ms a GET on PostgreSQL); now',
  '  one statement through the chat (a fork adds one for its base nodes, with the ids bound as ONE parameter: `= any(?)` /',
  '  `json_each(?)`, `server/db/bulk.ts`). The message query read 12 columns; node-pg parses each of 10,000 × 12 values, and the',
  '  7 the reader is shown took 179 ms against 316 (median of 8, A B A B, the query alone). `readChat`’s statements on',
  '  PostgreSQL: 437–826 ms before, 170–220 ms after.',
  '- **An update re-inserted every node.** 20 INSERTs of 4,000 parameters with `ON CONFLICT DO NOTHING`: 770 ms on',
  '  PostgreSQL for 10,000 nodes all already stored. Now one look-up of the stored ids (one bound array, ~50 ms) and only the new',
  '  nodes are written. A first share writes its nodes in ONE INSERT reading the rows from one JSON parameter',
  '  (`json_to_recordset` / `json_each`): 1.5–1.7 s against 1.9–2.1 s for 500-row chunks (A B A B, fresh rows, at that load);',
  '  the rest is PostgreSQL’s own work, which EXPLAIN ANALYZE puts at ~400 ms of inserting and ~260 ms of the `body_hash`',
  '  foreign-key trigger for 10,000 rows.',
  '- **Collecting the old snapshot walked the whole chain three times.** The recursive `unheldNodes` read all 10,000 ancestors',
  '  of the old leaf on every update (200–350 ms), and 16–19 s on PostgreSQL for the update right after a first share, planned',
  '  on stale statistics (the 10,000 nodes just inserted). It now walks up from the released leaves and stops at the first node',
  '  still held, which on an update is the old leaf itself. Deleting a whole link’s 10,000 nodes: 2.2–2.4 s → 1.5 s.',
  '- **Sharing read every message’s text** and never used it: it now reads the 8 columns a snapshot is built from.',
  '- **Before and after, A B A B** (main at 1f92c0d against this code, the server run from each tree, a fresh 10,000-message',
  '  chat per run, 10 GETs, a share and 2 updates, two rounds, load 13–19): PostgreSQL GET median 976 and 850 ms → 625 and',
  '  300 ms; first share 3.4 and 3.5 s → 2.4 and 1.6 s; update 1.9–4.8 s → 0.4–1.3 s. SQLite GET fastest 138–161 ms → 92–105 ms',
  '  (its medians swung 2× with the load), update 0.5–2.4 s → 0.2–0.9 s.',
  '- Left: building the snapshot in JS (10,000 node ids hashed; the one-shot `crypto.hash` halves that part), the foreign-key',
  '  trigger of a first share, and the 10,000-level recursive CTE that reads a fork’s base snapshot (not measured here).',
];

const INPUT_P95_MS = 100;
const LONG_TASK_MAX_MS = 200;
const KEPT_NOTE = '_Kept from the report of ';

/**
 * With --server-only, the Chromium part of the last report as it was: its targets, and its section
 * of the Markdown (from its heading to the charts), under a note giving the date it was measured.
 */
function lastChromiumPart(): { targets: TargetResult[]; section: string[] } {
  const json = path.join(RESULTS_DIR, 'big-chats.json');
  const markdown = path.join(RESULTS_DIR, 'big-chats.md');
  if (!existsSync(json) || !existsSync(markdown)) return { targets: [], section: [] };
  const last = JSON.parse(readFileSync(json, 'utf8')) as BenchResult;
  const lines = readFileSync(markdown, 'utf8').split('\n');
  const start = lines.findIndex((l) => l.startsWith('## In Chromium'));
  if (start < 0) return { targets: [], section: [] };
  const end = lines.findIndex((l, i) => i > start && l.startsWith('!['));
  const section = lines.slice(start + 1, end < 0 ? undefined : end);
  // A report that kept them already says when they were measured.
  const note = section.find((l) => l.startsWith(KEPT_NOTE)) ?? `${KEPT_NOTE}${last.date}: the runs since measured the API alone (\`--server-only\`)._`;
  const body = section.filter((l) => !l.startsWith(KEPT_NOTE)).join('\n').trim().split('\n');
  return { targets: last.targets.filter((t) => t.target.startsWith('Chromium:')), section: [lines[start] ?? '', '', note, '', ...body] };
}

const kept = hasFlag('server-only') ? lastChromiumPart() : null;
const web = kept ? null : await browserFigures();
const maxLongTask = Math.max(0, ...(web?.longTasks ?? []));
const webTargets = (w: NonNullable<typeof web>): TargetResult[] => [
  { target: `Chromium: the last message of a ${BROWSER_CHAT.toLocaleString('en-US')}-message chat shown within 1 s of navigation (median)`, measured: `${ms(w.opens.p50)} (max ${ms(w.opens.max)})`, met: w.opens.p50 <= 1000 },
  {
    target: `Chromium: responsive while a reply streams in (typing latency p95 ≤ ${INPUT_P95_MS} ms, no long task > ${LONG_TASK_MAX_MS} ms)`,
    measured: `typing p95 ${ms(w.inputs.p95)} (${w.inputs.n} keys), ${w.longTasks.length} long tasks, longest ${ms(maxLongTask)}`,
    met: w.inputs.p95 <= INPUT_P95_MS && maxLongTask <= LONG_TASK_MAX_MS,
  },
];
const targets: TargetResult[] = [
  ...api.flatMap((a) => [
    { target: `${a.dialect}: GET /api/v1/chats/:id of a ${BIG.toLocaleString('en-US')}-message chat ≤ 150 ms (median)`, measured: `${ms(a.get.p50)} (p95 ${ms(a.get.p95)})`, met: a.get.p50 <= 150 },
    { target: `${a.dialect}: sharing it ≤ 1 s (first share and update)`, measured: `${ms(a.share)}, update ${ms(a.reshare)}`, met: Math.max(a.share, a.reshare) <= 1000 },
    { target: `${a.dialect}: its share page renders`, measured: `200, ${(a.pageBytes / 1024).toFixed(0)} KiB with the last message, ${ms(a.page.p50)} (median)`, met: true },
  ]),
  ...(web ? webTargets(web) : (kept?.targets ?? [])),
];
const webSection = (w: NonNullable<typeof web>): string[] => [
  `## In Chromium (SQLite, 1280×800, the built web app)`,
  '',
  `Opening \`/c/<id>\` of a ${BROWSER_CHAT}-message chat, signed in: from navigation start to the first animation frame whose page text holds the last message`,
  `(p50 ${ms(w.opens.p50)}, max ${ms(w.opens.max)}, ${w.opens.n} loads). Then a ${STREAM_TOKENS}-token reply streams in (${STREAM_DELAY_MS} ms between tokens) while`,
  'the reader types into the composer (a key every 30 ms): each key’s latency is from its event to the frame after it; long tasks are those the',
  `browser reports (> 50 ms): ${w.longTasks.length}${w.longTasks.length > 0 ? ` (${w.longTasks.map((d) => d.toFixed(0)).join(', ')} ms)` : ''}.`,
  `Typing latency: p50 ${ms(w.inputs.p50)}, p95 ${ms(w.inputs.p95)}, max ${ms(w.inputs.max)}. Server RSS after: ${(w.rss / 2 ** 20).toFixed(0)} MiB.`,
  '',
  'Profiled (2026-12-02, CDP `Profiler` on a load of the chat, and the renderer alone in Node): rendering the Markdown, code and',
  'math of all 1,000 messages at mount took about 310 ms of CPU by itself, and every streamed token re-rendered the whole thread',
  '(its Copy/Edit/Regenerate buttons were new elements each time). Now only the latest 30 messages render Markdown at once; those',
  'above show their text (so find-in-page and screen readers reach it) under `content-visibility: auto` and render their Markdown',
  'when they come within 1,200 px of the view, and the thread messages are memoized so a token re-renders only its reply. What',
  'is left of the open is React creating the 1,000 articles (their SVG icons, `createElementNS`, are the largest part) and the API GET.',
];
const row = (a: (typeof api)[number], name: string, x: Summary) => [a.dialect, name, ms(x.p50), ms(x.p95), ms(x.max)];
const charts = [
  writeChart('big-chats', 'api', 'bar', {
    title: `A ${BIG.toLocaleString('en-US')}-message chat: read, share, share page`,
    labels: api.map((a) => a.dialect),
    series: [
      { name: 'GET chat (median)', values: api.map((a) => a.get.p50) },
      { name: 'share', values: api.map((a) => a.share) },
      { name: 'update share', values: api.map((a) => a.reshare) },
      { name: 'share page (median)', values: api.map((a) => a.page.p50) },
    ],
    unit: 'ms',
  }),
];
writeResult(
  { name: 'big-chats', title: 'Big chats (target 4)', command: `npx tsx bench/big-chats.ts${QUICK ? ' --quick' : ''}${kept ? ' --server-only' : ''}`, targets, charts },
  [
    `Parley in its own process (LOG_LEVEL=info). A chat of ${BIG.toLocaleString('en-US')} messages (questions and Markdown answers with a list, code and math), made with one \`POST /api/v1/chats\`.`,
    '',
    table(['database', 'request', 'p50', 'p95', 'max'], [
      ...api.map((a) => row(a, `GET /api/v1/chats/:id (${GETS} times)`, a.get)),
      ...api.map((a) => row(a, 'GET /s/<id> (members, with the session)', a.page)),
    ]),
    '',
    table(['database', 'share (PUT /api/v1/chats/:id/share)', 'update (the same, again)', 'share page size', 'server RSS after'], api.map((a) => [a.dialect, ms(a.share), ms(a.reshare), `${(a.pageBytes / 1024).toFixed(0)} KiB`, `${(a.rss / 2 ** 20).toFixed(0)} MiB`])),
    '',
    ...SERVER_FINDINGS,
    '',
    ...(web ? webSection(web) : (kept?.section ?? [])),
  ].join('\n'),
);
