/**
 * The fixed cost of a request (issue 10, target 2): `/robots.txt` and `/api/v1/config` from Parley
 * against a bare Fastify app in its own process answering the same bytes with the same headers
 * from memory. What is left between the two is what Parley does on every request before and after
 * its handler: hooks, logging, headers, cookies, serialising. Each round runs every series once
 * (A B A B); wrk -t1 -c32 --latency on loopback; Parley runs as `npm start` runs it (SQLite,
 * LOG_LEVEL=info). Writes bench/results/fixed-cost.json and .md.
 *
 *   npx tsx bench/fixed-cost.ts [--quick] [--profile]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  benchArgs,
  capture,
  machine,
  pairedRatio,
  Processes,
  profileSummary,
  rounds,
  roundsTable,
  startBare,
  startParley,
  summarize,
  wrk,
  writeResults,
  type Target,
} from './hot-path.js';

const args = benchArgs(process.argv.slice(2));
// Many short rounds rather than a few long ones: each ratio is taken round by round (see pairedRatio).
const ROUNDS = args.quick ? 1 : 8;
const SECONDS = args.quick ? 1 : 3;
const CONNECTIONS = 32;
const THRESHOLD = 0.8;
const ROUTES = ['/robots.txt', '/api/v1/config'];

const dir = mkdtempSync(path.join(tmpdir(), 'parley-bench-fixed-'));
const processes = new Processes();
let markdown: string[];
let targets: Target[];
try {
  const parley = await startParley(processes, { dataDir: dir });
  // One account, so that /api/v1/config answers as on an instance in use (not the first run).
  const signup = await fetch(`${parley.base}/api/v1/auth/signup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: parley.base },
    body: JSON.stringify({ email: 'bench@example.com', password: 'benchmark password', name: 'Bench' }),
  });
  if (!signup.ok) throw new Error(`sign-up: ${signup.status}`);
  const captured = await Promise.all(ROUTES.map((route) => capture(`${parley.base}${route}`, route)));
  const bare = await startBare(processes, dir, captured);
  const series = ROUTES.flatMap((route) => [
    { name: `Parley ${route}`, url: `${parley.base}${route}`, pid: parley.child.pid },
    { name: `bare Fastify ${route}`, url: `${bare.base}${route}`, pid: bare.child.pid },
  ]);
  for (const s of series) await wrk(s.url, { seconds: 1, connections: CONNECTIONS });
  const results = await rounds(series, { rounds: ROUNDS, seconds: SECONDS, connections: CONNECTIONS });
  const summaries = series.map((s) => summarize(s.name, results.get(s.name) ?? []));
  const of = (name: string) => summaries.find((s) => s.name === name);

  let profile: string[] = [];
  if (args.profile) {
    await processes.stop(parley.child);
    const profileDir = path.join(dir, 'profile');
    const profiled = await startParley(processes, { dataDir: dir, profileDir });
    for (const route of ROUTES) await wrk(`${profiled.base}${route}`, { seconds: SECONDS, connections: CONNECTIONS });
    await processes.stop(profiled.child);
    profile = profileSummary(profileDir, ROUTES.length * SECONDS * 1000);
  }

  targets = ROUTES.map((route) => {
    const mine = of(`Parley ${route}`);
    const base = of(`bare Fastify ${route}`);
    const paired = pairedRatio(results, `Parley ${route}`, `bare Fastify ${route}`);
    const ratio = paired.median;
    const ofMedians = (mine?.medianRps ?? 0) / (base?.medianRps ?? Number.NaN);
    const cpu = (base?.cpuUsPerRequest ?? Number.NaN) / (mine?.cpuUsPerRequest ?? Number.NaN);
    return {
      target: `${route}: ≥ ${THRESHOLD}× of bare Fastify sending the same bytes and headers, zero non-2xx`,
      measured: `${ratio.toFixed(2)}×, median of the rounds' ratios (${paired.rounds.map((r) => r.toFixed(2)).join(' ')}; ratio of the medians ${ofMedians.toFixed(2)}×, ${mine?.medianRps ?? '?'} vs ${base?.medianRps ?? '?'} req/s); CPU per request ${cpu.toFixed(2)}× of bare Fastify's (${mine?.cpuUsPerRequest.toFixed(0) ?? '?'} vs ${base?.cpuUsPerRequest.toFixed(0) ?? '?'} µs); p50 ${mine?.p50Ms.toFixed(2) ?? '?'} ms, p99 ${mine?.p99Ms.toFixed(2) ?? '?'} ms, non-2xx ${mine?.non2xx ?? '?'}`,
      met: ratio >= THRESHOLD && mine?.non2xx === 0 && mine.errors === 0,
    };
  });
  const command = `npx tsx bench/fixed-cost.ts${args.quick ? ' --quick' : ''}${args.profile ? ' --profile' : ''}`;
  markdown = [
    '# Fixed cost of a request',
    '',
    `Measured ${new Date().toISOString()} with \`${command}\` on ${machine()} (wrk and the servers share the cores).`,
    '',
    'Setup: Parley in its own process as `npm start` runs it (SQLite, LOG_LEVEL=info, one account). The baseline is a bare',
    'Fastify app in its own process answering each path with the bytes and headers Parley sent, from memory.',
    `wrk -t1 -c${CONNECTIONS} -d${SECONDS}s --latency, ${ROUNDS} round(s), every series once per round in the order listed; medians over rounds.`,
    '',
    '## Targets',
    '',
    '| target | measured | met |',
    '|---|---|---|',
    ...targets.map((t) => `| ${t.target} | ${t.measured} | ${t.met ? 'yes' : 'no'} |`),
    '',
    '## Profile findings',
    '',
    'On main (e0d89ee) every request ran: an async onSend hook setting seven headers one by one, an async origin-check',
    'hook, the cookie plugin parsing the Cookie header and allocating its map, an async guard hook that built',
    '`request.routeOptions` even on routes without a guard, an async request-log hook, an async NUL-check hook; and',
    '`/api/v1/config` built a Kysely query for the settings, parsed and merged them, and ran the zod serialiser.',
    'Now: synchronous hooks, the headers computed once, guards attached only to routes that declare one, cookies parsed',
    'only by the routes that read the session, the settings read by one prepared statement and parsed only when their',
    'stored JSON changes, and the config reply serialised only when the settings change. One log line per request at',
    'info is kept (S15). What is left in the profile is mostly socket writes and Node\'s HTTP machinery.',
    '',
    'Issue 10, sharepage (December 2026): the file sweep\'s onSend hook was async, so every request, reads included, made',
    'a promise and Fastify sent the reply a tick later, then waited on the response\'s end (eos listeners); it is now a',
    'callback hook that passes reads straight through. `/api/v1/config` sends its reply as bytes kept until the settings',
    'change (Fastify sends a Buffer as it is, no serializer), reads the settings in one promise, and asks nothing about',
    '"first run" once an account exists. A profile of `/api/v1/config` then shows the settings read as the largest',
    'Parley-side cost (~11 of ~84 µs a request in situ: SQLite beginning and ending a read transaction); it is kept,',
    'since a change of the settings must hold at once on every instance. A/B against main, CPU per request of the',
    'Parley process (load 15-17): /robots.txt 98 → 73 µs, /api/v1/config 108 → 106 µs.',
    '',
    'Issue 10, on a faster and quiet machine (bare Fastify 60,000 req/s, 16 µs a request): /robots.txt was at 0.77×,',
    '21 µs against 16. The V8 profiler put every sample in `writev` there, so variants were measured instead (CPU per',
    'request, four Parley processes alternating under wrk): without the request log line 14.5 µs, with it 21.3 µs, with',
    'the line formatted by pino but thrown away 15.7 µs. The cost was the destination: pino\'s (sonic-boom) measured the',
    'bytes of everything it held again on every line (`Buffer.byteLength` of the growing batch), about 5 µs a line with',
    '4 KiB batches. `npm start` now writes through server/lib/batched-lines.ts (lines pushed and counted by their',
    'length, each batch joined and written once): 20.2-21.3 → 17.3-18.7 µs a request in the same rounds. The line is',
    'kept (S15); pino formatting it and Fastify\'s child logger per request are most of what is left above 14.5 µs.',
    'Three hooks that only some routes need ran on every request: the origin check and the file sweep (writes only)',
    'and the NUL check (the API only). They are attached per route now (server/http/route-hooks.ts); a GET of the share',
    'page or of /robots.txt runs two hooks of ours. The share page on SQLite, same rounds: 26.0 µs a request before,',
    '23.3 with the new log destination, 22.4 with both.',
    '',
    'Issue 10, December 2026, later still (bare Fastify 54,000-71,000 req/s on /robots.txt, 14-18 µs a request). Variants',
    'of the same build, alternating under wrk in one script, CPU per request of /robots.txt: with the request line 18.3 µs;',
    'with the log hook doing nothing 15.7; formatting the line and dropping it 16.2; no hook 15.1; the whole logger off',
    '(LOG_LEVEL=silent) 15.0. So the line was the cost, and most of it the handing over: keeping each line\'s string',
    'until the batch was written cost more than formatting it. Now the line is formatted by server/http/request-log.ts',
    'from parts computed once (each route has its own hook, its pattern escaped when the route is added) instead of by',
    'pino through a per-request child logger, which is made only if the request logs something else; and',
    'server/lib/batched-lines.ts encodes each line into one reused buffer as it comes. A/B against the code before:',
    '/robots.txt 22.5 -> 18.2 µs (the line), then 19.1-19.6 -> 17.8-18.6 µs (the buffer, two processes of each).',
    '',
    'This machine is shared by several engineers running test suites: single rounds swing by 3-5x. Each ratio is taken',
    'round by round (Parley and its baseline one after the other) and the median of those is the figure; the ratio of',
    'the medians is given too. CPU time per request (from /proc) hardly depends on the load.',
    '',
    '## Rounds',
    '',
    ...roundsTable(summaries),
    '',
    ...captured.flatMap((route) => [`Headers of ${route.path} (${route.body.length} bytes): ${Object.keys(route.headers).join(', ')}.`, '']),
    ...(profile.length > 0 ? ['## CPU profile of Parley under this load (`node --cpu-prof`)', '', ...profile, ''] : []),
  ];
  writeResults({ name: 'fixed-cost', title: 'Fixed cost of a request', command, targets, markdown });
} finally {
  await processes.stopAll();
  rmSync(dir, { recursive: true, force: true });
}
console.log(markdown.join('\n'));
