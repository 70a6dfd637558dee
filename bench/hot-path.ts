/**
 * What the hot-path benchmarks (share-page.ts, fixed-cost.ts) share: starting Parley as its own
 * process the way `npm start` runs it, the bare Fastify and nginx baselines, wrk runs in
 * alternating rounds, CPU profiles, and the results files (bench/results/<name>.json and .md).
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';

const run = promisify(execFile);
export const root = path.resolve(import.meta.dirname, '..');

// One way to find a free port and wait for a server, shared with the other benchmarks.
import { freePort, waitFor } from './lib/parley.js';
// Results go where every other benchmark writes them: bench/results, or the quick run's temporary folder.
import { RESULTS_DIR } from './lib/report.js';

export { freePort, waitFor };

/** Children to stop at the end, in reverse order of start. */
export class Processes {
  private readonly children: ChildProcess[] = [];

  add(child: ChildProcess): ChildProcess {
    this.children.push(child);
    return child;
  }

  async stop(child: ChildProcess): Promise<void> {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }

  async stopAll(): Promise<void> {
    for (const child of this.children.reverse()) await this.stop(child);
  }
}

/** A throwaway PostgreSQL database for one run, and how to drop it. */
export async function createPgDatabase(adminUrl: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `parley_bench_${randomBytes(6).toString('hex')}`;
  const sql = async (statement: string) => {
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    try {
      await client.query(statement);
    } finally {
      await client.end();
    }
  };
  await sql(`CREATE DATABASE ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => sql(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

export interface ParleyOptions {
  dataDir: string;
  databaseUrl?: string;
  /** Write a CPU profile (node --cpu-prof) into this folder when the process exits. */
  profileDir?: string;
  /** More environment for Parley (a rate limit the seeding would hit, say). */
  env?: Record<string, string>;
}

/** Parley in its own process, as `npm start` runs it (tsx, LOG_LEVEL=info, output discarded). */
export async function startParley(processes: Processes, options: ParleyOptions): Promise<{ base: string; child: ChildProcess }> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const profile = options.profileDir ? ['--cpu-prof', `--cpu-prof-dir=${options.profileDir}`] : [];
  const child = processes.add(
    spawn(process.execPath, [...profile, '--import', 'tsx', 'server/main.ts'], {
      cwd: root,
      env: {
        PATH: process.env.PATH ?? '',
        PORT: String(port),
        HOST: '127.0.0.1',
        DATA_DIR: options.dataDir,
        PUBLIC_URL: base,
        LOG_LEVEL: 'info',
        ...(options.databaseUrl !== undefined && { DATABASE_URL: options.databaseUrl }),
        ...options.env,
      },
      stdio: 'ignore',
    }),
  );
  await waitFor(`${base}/robots.txt`);
  return { base, child };
}

export interface BareRoute {
  path: string;
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

/** Headers a server sets per connection or per response, which the baselines send their own of. */
const TRANSPORT_HEADERS = new Set(['date', 'connection', 'keep-alive', 'content-length', 'transfer-encoding']);

/** What Parley answers at `url`, as a route the bare baseline can replay byte for byte. */
export async function capture(url: string, routePath: string, headers: Record<string, string> = {}): Promise<BareRoute> {
  const response = await fetch(url, { headers: { 'accept-encoding': 'identity', ...headers } });
  const kept: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    if (!TRANSPORT_HEADERS.has(name)) kept[name] = value;
  });
  return { path: routePath, status: response.status, headers: kept, body: Buffer.from(await response.arrayBuffer()) };
}

/** The bare Fastify baseline (bench/bare-fastify.ts) in its own process. */
export async function startBare(processes: Processes, dir: string, routes: BareRoute[]): Promise<{ base: string; child: ChildProcess }> {
  const spec = routes.map((route, i) => {
    const bodyFile = path.join(dir, `bare-${i}.body`);
    writeFileSync(bodyFile, route.body);
    return { path: route.path, status: route.status, headers: route.headers, bodyFile };
  });
  const specFile = path.join(dir, 'bare-routes.json');
  writeFileSync(specFile, JSON.stringify(spec));
  const port = await freePort();
  const child = processes.add(
    spawn(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, 'bare-fastify.ts'), specFile, String(port)], {
      cwd: root,
      stdio: 'ignore',
    }),
  );
  const base = `http://127.0.0.1:${port}`;
  await waitFor(`${base}${routes[0]?.path ?? '/'}`);
  return { base, child };
}

/** Linux counts a process's CPU time in /proc/<pid>/stat in ticks of 1/100 s (USER_HZ). */
const CLOCK_TICKS = 100;

/** CPU time (user + system, ms) a process has used so far, from /proc; NaN without one. */
export function cpuMs(pid: number | undefined): number {
  const file = `/proc/${pid ?? 0}/stat`;
  if (pid === undefined || !existsSync(file)) return Number.NaN;
  // Fields after the command name (which may hold spaces, so split after its closing parenthesis).
  const fields = readFileSync(file, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
}

/** nginx with one worker serving `files` (name → bytes) as static files. */
export async function startNginx(processes: Processes, dir: string, files: Record<string, Buffer>): Promise<string> {
  const staticDir = path.join(dir, 'static');
  mkdirSync(staticDir, { recursive: true });
  for (const [name, body] of Object.entries(files)) writeFileSync(path.join(staticDir, name), body);
  const port = await freePort();
  writeFileSync(
    path.join(dir, 'nginx.conf'),
    `user root;\nworker_processes 1;\npid ${dir}/nginx.pid;\nerror_log ${dir}/nginx-error.log;\nevents { worker_connections 1024; }\nhttp {\n  access_log off;\n  server {\n    listen 127.0.0.1:${port};\n    root ${staticDir};\n    location / { default_type text/html; }\n  }\n}\n`,
  );
  processes.add(spawn('nginx', ['-c', path.join(dir, 'nginx.conf'), '-g', 'daemon off;'], { stdio: 'ignore' }));
  const base = `http://127.0.0.1:${port}`;
  await waitFor(`${base}/${Object.keys(files)[0] ?? ''}`);
  return base;
}

export interface WrkResult {
  rps: number;
  p50Ms: number;
  p99Ms: number;
  requests: number;
  non2xx: number;
  errors: number;
  /** CPU time the server used per request during the run (µs), when its process was given. */
  cpuUsPerRequest: number;
}

function millis(text: string | undefined): number {
  const match = /([\d.]+)(us|ms|s)/.exec(text ?? '');
  if (!match) return Number.NaN;
  const value = Number(match[1]);
  return match[2] === 'us' ? value / 1000 : match[2] === 's' ? value * 1000 : value;
}

/** One wrk run: one thread, `connections` connections, on loopback; `script`: a wrk Lua script choosing each request. */
export async function wrk(url: string, options: { seconds: number; connections: number; headers?: string[]; script?: string }): Promise<WrkResult> {
  const args = [
    '-t1',
    `-c${options.connections}`,
    `-d${options.seconds}s`,
    '--latency',
    ...(options.headers ?? []).flatMap((h) => ['-H', h]),
    ...(options.script === undefined ? [] : ['-s', options.script]),
    url,
  ];
  const { stdout } = await run('wrk', args);
  const errors = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(stdout);
  return {
    rps: Number(/Requests\/sec:\s+([\d.]+)/.exec(stdout)?.[1] ?? Number.NaN),
    p50Ms: millis(/\n\s+50%\s+(\S+)/.exec(stdout)?.[1]),
    p99Ms: millis(/\n\s+99%\s+(\S+)/.exec(stdout)?.[1]),
    requests: Number(/(\d+) requests in/.exec(stdout)?.[1] ?? 0),
    non2xx: Number(/Non-2xx or 3xx responses: (\d+)/.exec(stdout)?.[1] ?? 0),
    errors: errors ? errors.slice(1).reduce((sum, n) => sum + Number(n), 0) : 0,
    cpuUsPerRequest: Number.NaN,
  };
}

export const median = (xs: number[]) => {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
};

/**
 * Runs every series once per round, in the same order each round (A B A B …). With a series'
 * `pid`, also the CPU time that server spent per request: unlike req/s, it hardly moves with what
 * else the machine is running.
 */
export async function rounds(
  series: { name: string; url: string; headers?: string[]; script?: string; pid?: number | undefined }[],
  options: { rounds: number; seconds: number; connections: number },
): Promise<Map<string, WrkResult[]>> {
  const results = new Map<string, WrkResult[]>(series.map((s) => [s.name, []]));
  for (let round = 0; round < options.rounds; round += 1) {
    for (const s of series) {
      const before = cpuMs(s.pid);
      const run = await wrk(s.url, { seconds: options.seconds, connections: options.connections, ...(s.headers && { headers: s.headers }), ...(s.script !== undefined && { script: s.script }) });
      const result = { ...run, cpuUsPerRequest: ((cpuMs(s.pid) - before) * 1000) / run.requests };
      results.get(s.name)?.push(result);
      console.error(`round ${round + 1} ${s.name}: ${Math.round(result.rps)} req/s, p50 ${result.p50Ms} ms, p99 ${result.p99Ms} ms, non-2xx ${result.non2xx}, ${result.cpuUsPerRequest.toFixed(0)} µs CPU/request`);
    }
  }
  return results;
}

/**
 * The ratio of two series' req/s round by round (each round's runs were taken next to each other,
 * under the same load), and its median over the rounds.
 */
export function pairedRatio(results: Map<string, WrkResult[]>, mine: string, baseline: string): { median: number; rounds: number[] } {
  const a = results.get(mine) ?? [];
  const b = results.get(baseline) ?? [];
  const ratios = a.map((run, i) => run.rps / (b[i]?.rps ?? Number.NaN));
  return { median: median(ratios), rounds: ratios };
}

export interface SeriesSummary {
  name: string;
  medianRps: number;
  p50Ms: number;
  p99Ms: number;
  non2xx: number;
  errors: number;
  rounds: number[];
  /** Median CPU time the server spent per request (µs); NaN without its process. */
  cpuUsPerRequest: number;
}

export function summarize(name: string, results: WrkResult[]): SeriesSummary {
  return {
    name,
    medianRps: Math.round(median(results.map((r) => r.rps))),
    p50Ms: median(results.map((r) => r.p50Ms)),
    p99Ms: median(results.map((r) => r.p99Ms)),
    non2xx: results.reduce((sum, r) => sum + r.non2xx, 0),
    errors: results.reduce((sum, r) => sum + r.errors, 0),
    rounds: results.map((r) => Math.round(r.rps)),
    cpuUsPerRequest: median(results.map((r) => r.cpuUsPerRequest)),
  };
}

export function roundsTable(summaries: SeriesSummary[]): string[] {
  return [
    '| series | median req/s | p50 ms | p99 ms | non-2xx | socket errors | CPU µs/request | rounds (req/s) |',
    '|---|---|---|---|---|---|---|---|',
    ...summaries.map(
      (s) =>
        `| ${s.name} | ${s.medianRps} | ${s.p50Ms.toFixed(2)} | ${s.p99Ms.toFixed(2)} | ${s.non2xx} | ${s.errors} | ${Number.isNaN(s.cpuUsPerRequest) ? '–' : s.cpuUsPerRequest.toFixed(0)} | ${s.rounds.join(', ')} |`,
    ),
  ];
}

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}

/** Where a profiled function comes from: a package, Parley's own code, or Node itself. */
function origin(url: string): string {
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)?.[1];
  if (pkg !== undefined) return pkg;
  if (url.startsWith('node:')) return 'node (internals)';
  if (url.includes(`${root}/`)) return 'parley';
  return url === '' ? '(native, gc, idle)' : url;
}

/**
 * The self time of a CPU profile's top functions and of each package, as Markdown lines, over the
 * last `windowMs` of the profile (the load), leaving out the start-up.
 */
export function profileSummary(profileDir: string, windowMs: number, top = 15): string[] {
  const file = readdirSync(profileDir).find((name) => name.endsWith('.cpuprofile'));
  if (file === undefined) return ['(no profile was written)'];
  const profile = JSON.parse(readFileSync(path.join(profileDir, file), 'utf8')) as {
    nodes: ProfileNode[];
    samples: number[];
    timeDeltas: number[];
    endTime: number;
    startTime: number;
  };
  const hitsOf = new Map<number, number>();
  let at = profile.startTime;
  const from = profile.endTime - windowMs * 1000;
  profile.samples.forEach((id, i) => {
    at += profile.timeDeltas[i] ?? 0;
    if (at >= from) hitsOf.set(id, (hitsOf.get(id) ?? 0) + 1);
  });
  const byFunction = new Map<string, number>();
  const byOrigin = new Map<string, number>();
  let total = 0;
  let idle = 0;
  for (const node of profile.nodes) {
    const hits = hitsOf.get(node.id) ?? 0;
    if (hits === 0) continue;
    const { functionName, url, lineNumber } = node.callFrame;
    if (functionName === '(idle)') {
      idle += hits;
      continue;
    }
    total += hits;
    const where = url === '' ? '' : ` ${url.replace(`${root}/`, '').replace(/^file:\/\//, '').replace(/.*node_modules\//, '')}:${lineNumber + 1}`;
    const key = `${functionName || '(anonymous)'}${where}`;
    byFunction.set(key, (byFunction.get(key) ?? 0) + hits);
    const from = origin(url.replace(/^file:\/\//, ''));
    byOrigin.set(from, (byOrigin.get(from) ?? 0) + hits);
  }
  const percent = (hits: number) => `${((hits / total) * 100).toFixed(1)}%`;
  const sorted = (map: Map<string, number>) => [...map.entries()].sort((a, b) => b[1] - a[1]).slice(0, top);
  return [
    `Busy samples: ${total} (idle ${idle}). Self time by origin:`,
    '',
    '| origin | self time |',
    '|---|---|',
    ...sorted(byOrigin).map(([name, hits]) => `| ${name} | ${percent(hits)} |`),
    '',
    'Top functions by self time:',
    '',
    '| function | self time |',
    '|---|---|',
    ...sorted(byFunction).map(([name, hits]) => `| \`${name.replace(/\|/g, '\\|')}\` | ${percent(hits)} |`),
  ];
}

export function machine(): string {
  const cpu = cpus();
  return `${cpu.length} × ${cpu[0]?.model ?? 'unknown CPU'}, Node ${process.version}`;
}

export interface Target {
  target: string;
  measured: string;
  met: boolean;
}

/**
 * Writes bench/results/<name>.json in the shared format and bench/results/<name>.md — into
 * RESULTS_DIR, so a --quick run (or BENCH_QUICK=1) never overwrites the real results.
 */
export function writeResults(result: { name: string; title: string; command: string; targets: Target[]; markdown: string[] }): void {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const json = {
    name: result.name,
    title: result.title,
    command: result.command,
    date: new Date().toISOString(),
    machine: machine(),
    targets: result.targets,
    charts: [] as { title: string; file: string }[],
  };
  writeFileSync(path.join(RESULTS_DIR, `${result.name}.json`), `${JSON.stringify(json, null, 2)}\n`);
  writeFileSync(path.join(RESULTS_DIR, `${result.name}.md`), `${result.markdown.join('\n')}\n`);
}

export interface BenchArgs {
  quick: boolean;
  profile: boolean;
  only: string[];
}

/** `--quick` (tiny durations, to prove the script works), `--profile` (CPU profile of Parley), `--only=a,b`. */
export function benchArgs(argv: string[]): BenchArgs {
  const only = argv.find((a) => a.startsWith('--only='))?.slice('--only='.length);
  return { quick: argv.includes('--quick'), profile: argv.includes('--profile'), only: only ? only.split(',') : [] };
}
