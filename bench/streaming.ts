/**
 * Target 6, streaming (bench/README.md). Parley (a child process, as `npm start` runs it)
 * relaying the tests' fake OpenAI-compatible model server, against calling that server directly,
 * alternating the two:
 *   1. time to first token (the model waits 50 ms before its first token);
 *   2. throughput of a long reply from a fast model (2,000 tokens, 1 ms apart), and as fast as
 *      the fake server can write (no pause; reported, not a target);
 *   3. 100 concurrent streams (100 tokens, 20 ms apart, each): all finish, and the longest silence
 *      between two deltas of any stream.
 *
 *   npx tsx bench/streaming.ts [--quick]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startFakeModelServer, type FakeModelServer } from '../server/llm/testing/fake-model-server.js';
import { startParley, type ParleyProcess } from './lib/parley.js';
import { QUICK, table, writeChart, writeResult } from './lib/report.js';
import { median, ms, summarize } from './lib/stats.js';

const TTFT_RUNS = QUICK ? 10 : 300;
const WARMUP = QUICK ? 3 : 20;
const FIRST_TOKEN_DELAY_MS = 50;
const LONG_TOKENS = QUICK ? 200 : 2000;
const THROUGHPUT_RUNS = QUICK ? 2 : 8;
const CONCURRENT = QUICK ? 10 : 100;
const CONCURRENT_TOKENS = QUICK ? 20 : 100;
const CONCURRENT_DELAY_MS = 20;
const STALL_MS = 500;

interface StreamTiming {
  /** Until `marker` first appears, ms. */
  first: number;
  /** Until the body ends, ms. */
  total: number;
  /** Longest wait between two reads that brought `marker`, ms. */
  maxGap: number;
  markers: number;
  text: string;
}

/** Sends the request and reads the body to its end, timing the first and each later `marker`. */
async function timeStream(url: string, init: RequestInit, marker: string): Promise<StreamTiming> {
  const started = performance.now();
  const response = await fetch(url, init);
  if (!response.ok || !response.body) throw new Error(`${url}: ${response.status} ${await response.text()}`);
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let text = '';
  let first: number | null = null;
  let last = 0;
  let maxGap = 0;
  let markers = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    // Counted in the text so far, from just before this read: a marker may straddle two reads.
    const from = Math.max(0, text.length - marker.length + 1);
    text += decoder.decode(value, { stream: true });
    const now = performance.now() - started;
    const count = text.slice(from).split(marker).length - 1;
    if (count > 0) {
      if (first === null) first = now;
      else maxGap = Math.max(maxGap, now - last);
      last = now;
      markers += count;
    }
  }
  if (first === null) throw new Error(`${url}: no "${marker}" in ${text.slice(0, 500)}`);
  return { first, total: performance.now() - started, maxGap, markers, text };
}

async function main(): Promise<void> {
  const fake = await startFakeModelServer({ models: ['bench-model'] });
  const dataDir = mkdtempSync(path.join(tmpdir(), 'parley-bench-streaming-'));
  let parley: ParleyProcess | null = null;
  try {
    parley = await startParley({ dataDir, env: { OPENAI_API_BASE_URL: fake.baseUrl } });
    const base = parley.base;
    const signup = await fetch(`${base}/api/v1/auth/signup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: base },
      body: JSON.stringify({ email: 'bench@example.com', password: 'benchmark password', name: 'Bench' }),
    });
    const cookie = (signup.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const keyReply = await fetch(`${base}/api/v1/auth/api-keys`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: base, cookie },
      body: JSON.stringify({ name: 'bench' }),
    });
    const key = ((await keyReply.json()) as { key: string }).key;
    const headers = { authorization: `Bearer ${key}`, 'content-type': 'application/json' };

    const direct = () =>
      timeStream(
        `${fake.baseUrl}/chat/completions`,
        { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model: 'bench-model', stream: true, messages: [{ role: 'user', content: 'Hi' }] }) },
        '"content"',
      );
    const newChat = async () => {
      const response = await fetch(`${base}/api/v1/chats`, { method: 'POST', headers, body: JSON.stringify({ title: 'bench' }) });
      return ((await response.json()) as { chat: { id: string } }).chat.id;
    };
    const relay = async (chatId?: string) =>
      // A fresh chat per run (made before the clock starts), so that every run sends the same context.
      timeStream(`${base}/api/v1/chats/${chatId ?? (await newChat())}/messages`, { method: 'POST', headers, body: JSON.stringify({ content: 'Hi' }) }, 'event: delta');
    const relayTimed = async () => relay(await newChat());
    const alternate = async (runs: number) => {
      const d: StreamTiming[] = [];
      const r: StreamTiming[] = [];
      for (let i = 0; i < runs; i += 1) {
        if (i % 2 === 0) {
          d.push(await direct());
          r.push(await relayTimed());
        } else {
          r.push(await relayTimed());
          d.push(await direct());
        }
      }
      return { d, r };
    };

    // 1. Time to first token.
    setScript(fake, { firstTokenDelayMs: FIRST_TOKEN_DELAY_MS, tokens: ['Hello', ', ', 'world', '!'] });
    await alternate(WARMUP);
    const ttft = await alternate(TTFT_RUNS);
    const dT = summarize(ttft.d.map((x) => x.first));
    const rT = summarize(ttft.r.map((x) => x.first));
    const rssAfterTtft = parley.rss();

    // 2. Throughput of a long reply: paced like a fast model, then as fast as the fake can write.
    const tokens = Array.from({ length: LONG_TOKENS }, (_, i) => `word${i} `);
    const throughput = async (tokenDelayMs: number) => {
      setScript(fake, { tokens, tokenDelayMs });
      const { d, r } = await alternate(THROUGHPUT_RUNS);
      for (const x of r) if (x.markers !== LONG_TOKENS) throw new Error(`relay gave ${x.markers} deltas of ${LONG_TOKENS}`);
      const rate = (xs: StreamTiming[]) => median(xs.map((x) => (LONG_TOKENS / x.total) * 1000));
      return { direct: rate(d), relay: rate(r) };
    };
    const paced = await throughput(1);
    const burst = await throughput(0);
    const rssAfterThroughput = parley.rss();

    // 3. Concurrent streams.
    setScript(fake, { tokens: Array.from({ length: CONCURRENT_TOKENS }, (_, i) => `t${i} `), tokenDelayMs: CONCURRENT_DELAY_MS });
    const chats = [];
    for (let i = 0; i < CONCURRENT; i += 1) chats.push(await newChat());
    let peakRss = 0;
    const sampler = setInterval(() => (peakRss = Math.max(peakRss, parley?.rss() ?? 0)), 100);
    const started = performance.now();
    const streams = await Promise.all(chats.map((id) => relay(id)));
    const wall = performance.now() - started;
    clearInterval(sampler);
    const finished = streams.filter((s) => s.text.includes('event: done') && s.markers === CONCURRENT_TOKENS).length;
    const gaps = summarize(streams.map((s) => s.maxGap));
    const firsts = summarize(streams.map((s) => s.first));
    const ideal = CONCURRENT_DELAY_MS * (CONCURRENT_TOKENS - 1);

    const added = rT.p50 - dT.p50;
    const ratio = paced.relay / paced.direct;
    const targets = [
      { target: 'Time to first token added by Parley < 5 ms (median)', measured: `${ms(added)} (${ms(rT.p50)} through Parley, ${ms(dT.p50)} direct)`, met: added < 5 },
      { target: 'Relayed throughput ≥ 95% of direct (2,000 tokens at a fast model’s pace)', measured: `${Math.round(paced.relay)} vs ${Math.round(paced.direct)} tokens/s (${(ratio * 100).toFixed(1)}%)`, met: ratio >= 0.95 },
      {
        target: `${CONCURRENT} concurrent streams without a stall (all finish, no silence > ${STALL_MS} ms)`,
        measured: `${finished}/${CONCURRENT} finished, longest silence ${ms(gaps.max)} (tokens every ${CONCURRENT_DELAY_MS} ms)`,
        met: finished === CONCURRENT && gaps.max <= STALL_MS,
      },
    ];
    const charts = [
      writeChart('streaming', 'ttft', 'bar', {
        title: 'Time to first token: direct and through Parley',
        labels: ['p50', 'p95', 'p99'],
        series: [
          { name: 'direct', values: [dT.p50, dT.p95, dT.p99] },
          { name: 'through Parley', values: [rT.p50, rT.p95, rT.p99] },
        ],
        unit: 'ms',
      }),
      writeChart('streaming', 'throughput', 'bar', {
        title: `Throughput of a ${LONG_TOKENS}-token reply`,
        labels: ['fast model (1 ms/token)', 'no pause (burst)'],
        series: [
          { name: 'direct', values: [paced.direct, burst.direct] },
          { name: 'through Parley', values: [paced.relay, burst.relay] },
        ],
        unit: 'tokens/s',
      }),
    ];
    writeResult(
      { name: 'streaming', title: 'Streaming: first token, throughput, concurrent streams (target 6)', command: `npx tsx bench/streaming.ts${QUICK ? ' --quick' : ''}`, targets, charts },
      [
        'Parley runs in its own process (SQLite, LOG_LEVEL=info, the model list cached as by default) with the tests’ fake model server',
        '(server/llm/testing) as its OpenAI-compatible connection; the benchmark calls either that server directly (`POST /v1/chat/completions`, `stream: true`)',
        'or Parley (`POST /api/v1/chats/:id/messages` with an API key, a fresh chat each run, made before the clock starts), alternating.',
        '',
        `## Time to first token (${TTFT_RUNS} runs of each after ${WARMUP} warm-up runs; the model waits ${FIRST_TOKEN_DELAY_MS} ms)`,
        '',
        table(['', 'p50', 'p95', 'p99', 'mean', 'min', 'max'], [
          ['direct', ms(dT.p50), ms(dT.p95), ms(dT.p99), ms(dT.mean), ms(dT.min), ms(dT.max)],
          ['through Parley', ms(rT.p50), ms(rT.p95), ms(rT.p99), ms(rT.mean), ms(rT.min), ms(rT.max)],
          ['**added by Parley**', `**${ms(rT.p50 - dT.p50)}**`, ms(rT.p95 - dT.p95), ms(rT.p99 - dT.p99), ms(rT.mean - dT.mean), '', ''],
        ]),
        '',
        'The added time is Parley’s work before calling the model (authentication, loading the chat, its thread, the settings and',
        'the model list), one more local HTTP hop each way, and relaying the first chunk. The transaction that stores the prompt and',
        'the empty reply runs while the model waits for its first token (docs/architecture.md, Streaming replies). Later tokens are',
        'relayed as they come; the reply’s text is saved every 500 ms (LlmLimits.flushIntervalMs), never per delta.',
        '',
        '### Where the added time went (issue 10, target 6; 2026-12-02)',
        '',
        'Measured with timing marks on one monotonic clock in the three processes (a local hack, not committed: `process.hrtime`',
        'in the route, the service, the client and the fake, undici’s diagnostics channels for the request’s headers and body) and',
        '`node --cpu-prof --cpu-prof-interval 50` on the Parley process, the samples cut to the windows between two marks. The',
        'machine was shared the whole session (load 12 to 18 on 2 cores), so the medians below are of 100–150 runs each and every',
        'hop between processes costs a wake-up; on a quiet machine each is smaller.',
        '',
        table(['step (median)', 'before', 'after'], [
          ['client → Parley’s onRequest (HTTP hop, parsing)', '1.1–1.4 ms', 'same'],
          ['onRequest → handler (API key lookup, JSON body, zod)', '0.6–0.7 ms', 'same'],
          ['handler → model called (chat, tree, settings, model list, context)', '0.8 ms', '0.7 ms (no cut-off UPDATE)'],
          ['storing the turn (one transaction, about 8 statements)', '1.3–6 ms **before** the call', 'during the model’s wait'],
          ['fetch() → the fake has the request', '2.8–3.7 ms (Parley busy storing, presenting, sending the headers)', '1.1 ms (0.5 ms of it fetch itself)'],
          ['model’s chunk → relayed delta written', '0.9 ms', 'same'],
          ['delta written → client has it', '2.5–4.3 ms: in 80 of 80 runs it arrived in one read with `done`', '1.7 ms; with `done` in 18 of 80'],
        ]),
        '',
        '- **The model was called last.** `startUserTurn` stored the turn (lock the chat, bodies, seq, two inserts, the chat’s',
        '  current message, reading both back) and `sendReply` started the SSE response before `fetch` was called: all of it was on',
        '  the path to the first token, and more so on PostgreSQL (each statement a round trip). The call now starts as soon as the',
        '  thread is known; the turn is stored meanwhile, and nothing is relayed or saved before it is (a turn that cannot be stored',
        '  cancels the call: `messages.failures.test.ts`). Storing waits one `setImmediate` first: on SQLite it is synchronous and',
        '  otherwise holds back the request, which fetch writes after several turns of promises.',
        '- **A short reply waited for its own saving.** The fake sends the four tokens in one write, so Parley read them in one',
        '  chunk and relayed them, then finished the reply (settings, images, the final transaction) in the same run of promises. A',
        '  response’s socket is corked until `process.nextTick`, which waits for that run to end: the first delta left with `done`.',
        '  The reply now yields once (`setImmediate`) between relaying and saving.',
        '- **One write less.** Failing replies cut off by a crash was an UPDATE before every message; the tree read anyway shows',
        '  whether there is one, and only then is the UPDATE made.',
        '- **Ruled out:** keep-alive (the fake saw 6–10 connections in 240 replies: undici reuses its socket), Nagle (Node’s HTTP',
        '  server and undici set `noDelay`), compression (none on this route), parsing the first chunk (eventsource-parser, zod:',
        '  0.2 ms from chunk to delta).',
        '- **Left:** `fetch` costs about 0.3 ms more than `http.request` to put a request on the wire (it sends the body through a',
        '  ReadableStream and tees it to be able to follow a redirect; `redirect: \'error\'` saves only 0.08 ms); the API key lookup is',
        '  built by Kysely on every request (0.4 ms under the profiler) and could be a prepared hot query (server/db/hot-query.ts).',
        '',
        'Full runs at that load, alternating the branch’s base (1f92c0d) and this code: before +27.7 ms (load 15.0) and +21.1 ms',
        '(load 15.2); after +21.4 ms (load 16.5), +19.8 ms (load 13.7), +25.5 ms (load 16.2) and +8.2 ms (load 9.7): median',
        '+20.6 ms against +24.4 ms. At load 0.6 the base measured +7.5 ms (adcd911). At this load the figure is mostly the',
        'machine’s: every wake-up of a process waits for a core. When the load fell to about 3 at the end of the session, one',
        'run of each, one after the other: base +7.9 ms, this code +5.8 ms (throughput 97.7% and 102.0%, longest silence 130 and',
        '161 ms). The target (< 5 ms) is close but not met on that evidence; the next cuts are under Left above.',
        'The longest silence of the 100 concurrent streams is as noisy at this load (base 627 and 402 ms; this code 1061, 309,',
        '1357 and 1016 ms; at load 0.6 the base had 56 ms); four alternating rounds of the 100 streams alone gave a longest',
        'silence of 1712, 546, 939, 478 ms for the base and 812, 777, 379, 1402 ms for this code: no difference shows.',
        '',
        `## Throughput (${LONG_TOKENS} tokens, ${THROUGHPUT_RUNS} runs of each, median)`,
        '',
        table(['model pace', 'direct tokens/s', 'through Parley tokens/s', 'ratio'], [
          ['1 ms between tokens', Math.round(paced.direct), Math.round(paced.relay), `${((paced.relay / paced.direct) * 100).toFixed(1)}%`],
          ['no pause (the fake writes every token at once)', Math.round(burst.direct), Math.round(burst.relay), `${((burst.relay / burst.direct) * 100).toFixed(1)}%`],
        ]),
        '',
        'With no pause the direct figure is the fake server flushing a buffer; through Parley every token is parsed, relayed as',
        'its own event and counted, so that row measures Parley’s CPU per token, not a model.',
        '',
        `## ${CONCURRENT} concurrent streams (${CONCURRENT_TOKENS} tokens each, ${CONCURRENT_DELAY_MS} ms apart: ${ideal} ms at the model's pace)`,
        '',
        table(['', 'value'], [
          ['finished with every delta and `event: done`', `${finished} of ${CONCURRENT}`],
          ['wall time for all', ms(wall)],
          ['first token, p50 / p99 / max', `${ms(firsts.p50)} / ${ms(firsts.p99)} / ${ms(firsts.max)}`],
          ['longest silence in a stream, p50 / p99 / max', `${ms(gaps.p50)} / ${ms(gaps.p99)} / ${ms(gaps.max)}`],
        ]),
        '',
        `Server RSS: ${(rssAfterTtft / 2 ** 20).toFixed(0)} MiB after the first-token runs, ${(rssAfterThroughput / 2 ** 20).toFixed(0)} MiB after the throughput runs, ${(peakRss / 2 ** 20).toFixed(0)} MiB at most during the concurrent streams.`,
      ].join('\n'),
    );
  } finally {
    await parley?.stop();
    await fake.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

function setScript(fake: FakeModelServer, script: FakeModelServer['script']): void {
  fake.script = script;
  // The fake keeps every request it got; a benchmark sends thousands.
  fake.received.length = 0;
}

await main();
