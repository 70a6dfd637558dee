/**
 * Target 7, memory (bench/README.md). Parley in its own process under a mixed load — wrk on a
 * share page, and a client that makes chats, streams replies from the fake model server, shares,
 * reads a 1,000-message chat and lists links — for two runs of 60 s, sampling the server's RSS
 * every 250 ms. Peak RSS < 300 MiB, and no growth from the end of the first run to the end of
 * the second (≤ 5% or 8 MiB, whichever is more: V8 sizes its heap lazily).
 *
 *   npx tsx bench/memory.ts [--quick]
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startFakeModelServer } from '../server/llm/testing/fake-model-server.js';
import { startParley } from './lib/parley.js';
import { QUICK, table, writeChart, writeResult } from './lib/report.js';
import { mib } from './lib/stats.js';

const RUN_SECONDS = QUICK ? 3 : 60;
const LIMIT = 300 * 2 ** 20;

const fake = await startFakeModelServer({ models: ['bench-model'] });
fake.script = { tokens: Array.from({ length: 50 }, (_, i) => `word${i} `), tokenDelayMs: 2 };
const dataDir = mkdtempSync(path.join(tmpdir(), 'parley-bench-memory-'));
// The client shares a link every turn: far more than a person would, and than the default limit allows.
const parley = await startParley({ dataDir, env: { OPENAI_API_BASE_URL: fake.baseUrl, RATE_LIMIT_SHARE: '1000000/1m' } });
const base = parley.base;
const samples: { t: number; rss: number }[] = [];
const started = performance.now();
const sampler = setInterval(() => samples.push({ t: (performance.now() - started) / 1000, rss: parley.rss() }), 250);
let requests = 0;
try {
  const signup = await fetch(`${base}/api/v1/auth/signup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: base },
    body: JSON.stringify({ email: 'bench@example.com', password: 'benchmark password', name: 'Bench' }),
  });
  const cookie = (signup.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const call = async (method: string, url: string, body?: unknown): Promise<unknown> => {
    requests += 1;
    const response = await fetch(`${base}${url}`, {
      method,
      headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), origin: base, cookie },
      body: body === undefined ? null : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${url}: ${response.status} ${text.slice(0, 200)}`);
    return response.headers.get('content-type')?.includes('json') ? (JSON.parse(text) as unknown) : text;
  };
  await call('PATCH', '/api/v1/admin/settings', { sharing: { publicLinks: true } });
  const messages = Array.from({ length: QUICK ? 100 : 1000 }, (_, i) => ({ role: i % 2 === 0 ? 'user' : 'assistant', content: `Message ${i}: ${'some words of a long chat '.repeat(8)}` }));
  const long = ((await call('POST', '/api/v1/chats', { title: 'A long chat', messages })) as { chat: { id: string } }).chat.id;
  const linkId = ((await call('PUT', `/api/v1/chats/${long}/share`, { access: 'public' })) as { share: { id: string } }).share.id;

  /** One run: wrk on the share page meanwhile, and the client's loop. */
  const run = async (): Promise<number> => {
    const wrk = spawn('wrk', ['-t1', '-c8', `-d${RUN_SECONDS}s`, `${base}/s/${linkId}`], { stdio: 'ignore' });
    const wrkDone = new Promise((resolve) => wrk.once('exit', resolve));
    const until = performance.now() + RUN_SECONDS * 1000;
    for (let i = 0; performance.now() < until; i += 1) {
      const chat = ((await call('POST', '/api/v1/chats', { title: `Chat ${i}` })) as { chat: { id: string } }).chat.id;
      await call('POST', `/api/v1/chats/${chat}/messages`, { content: `Question ${i}` });
      await call('PUT', `/api/v1/chats/${chat}/share`, {});
      await call('GET', '/api/v1/shares');
      await call('GET', '/api/v1/chats');
      if (i % 5 === 0) await call('GET', `/api/v1/chats/${long}`);
      if (i % 10 === 9) await call('DELETE', `/api/v1/chats/${chat}`);
      fake.received.length = 0;
    }
    await wrkDone;
    await new Promise((resolve) => setTimeout(resolve, 1000));
    return parley.rss();
  };
  const afterFirst = await run();
  const afterSecond = await run();
  clearInterval(sampler);
  const peak = Math.max(...samples.map((s) => s.rss));
  const growth = afterSecond - afterFirst;
  const allowed = Math.max(8 * 2 ** 20, afterFirst * 0.05);
  const chart = writeChart('memory', 'rss', 'line', {
    title: `Server RSS under a mixed load, two runs of ${RUN_SECONDS} s`,
    labels: samples.filter((_, i) => i % 4 === 0).map((s) => `${s.t.toFixed(0)} s`),
    series: [{ name: 'RSS (MiB)', values: samples.filter((_, i) => i % 4 === 0).map((s) => s.rss / 2 ** 20) }],
    unit: 'MiB',
    threshold: { value: 300, label: '300 MiB' },
  });
  writeResult(
    {
      name: 'memory',
      title: 'Memory (target 7)',
      command: `npx tsx bench/memory.ts${QUICK ? ' --quick' : ''}`,
      targets: [
        { target: 'Server RSS < 300 MiB under load', measured: `peak ${mib(peak)}`, met: peak < LIMIT },
        { target: `No growth after a ${RUN_SECONDS} s run (second run ends within ${mib(allowed)} of the first)`, measured: `${mib(afterFirst)} → ${mib(afterSecond)} (${growth >= 0 ? '+' : ''}${mib(growth)})`, met: growth <= allowed },
      ],
      charts: [chart],
    },
    [
      'Parley in its own process (SQLite, LOG_LEVEL=info) with the fake model server (50 tokens, 2 ms apart). Each run: `wrk -t1 -c8` on the public',
      `share page of a ${messages.length}-message chat for ${RUN_SECONDS} s, and meanwhile a client looping: make a chat, stream a reply into it, share it, list links, list`,
      `chats, every 5th turn read the long chat, every 10th delete the chat made. ${requests} API requests in all.`,
      '',
      table(['', 'RSS'], [
        ['after start-up', mib(samples[0]?.rss ?? 0)],
        ['end of run 1', mib(afterFirst)],
        ['end of run 2', mib(afterSecond)],
        ['peak', mib(peak)],
      ]),
      '',
      'The other benchmarks report the server RSS they saw too (data-growth, big-chats, streaming).',
    ].join('\n'),
  );
} finally {
  clearInterval(sampler);
  await parley.stop();
  await fake.close();
  rmSync(dataDir, { recursive: true, force: true });
}
