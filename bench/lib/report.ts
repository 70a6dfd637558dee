import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { barChart, lineChart, type ChartSpec } from './svg.js';

/**
 * The results every benchmark writes (bench/README.md): bench/results/<name>.json (read by
 * bench/run.ts to build RESULTS.md), bench/results/<name>.md (the human report) and its SVG charts.
 */

export const BENCH_DIR = path.resolve(import.meta.dirname, '..');
export const ROOT_DIR = path.resolve(BENCH_DIR, '..');

export interface TargetResult {
  target: string;
  measured: string;
  met: boolean;
}

export interface ChartRef {
  title: string;
  file: string;
}

export interface BenchResult {
  name: string;
  title: string;
  command: string;
  date: string;
  machine: string;
  targets: TargetResult[];
  charts: ChartRef[];
}

/** `--quick` (or BENCH_QUICK=1): tiny sizes and durations, only to prove the script works. */
export const QUICK = process.argv.includes('--quick') || process.env.BENCH_QUICK === '1';

/**
 * Where results go: bench/results, or BENCH_RESULTS_DIR. A quick run's figures mean nothing, so
 * they go to a temporary folder unless told otherwise, never over the real ones.
 */
export const RESULTS_DIR = process.env.BENCH_RESULTS_DIR ?? (QUICK ? path.join(os.tmpdir(), 'parley-bench-quick') : path.join(BENCH_DIR, 'results'));

/** The value of `--name=value` or `--name value`, if given. */
export function flag(name: string): string | undefined {
  const args = process.argv.slice(2);
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i] ?? '';
    if (arg === `--${name}`) return args[i + 1];
    if (arg.startsWith(`--${name}=`)) return arg.slice(name.length + 3);
  }
  return undefined;
}

export const hasFlag = (name: string): boolean => process.argv.includes(`--${name}`);

function tryRun(command: string, args: string[]): string | null {
  try {
    return execFileSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return null;
  }
}

/** One line naming the machine: CPU, cores, memory, Node, and the load when measured. */
export function machineLine(): string {
  const cpu = os.cpus()[0]?.model.trim() ?? 'unknown CPU';
  const load = os.loadavg().map((l) => l.toFixed(2)).join(' ');
  return `${cpu} × ${os.cpus().length}, ${(os.totalmem() / 1024 ** 3).toFixed(1)} GiB, Node ${process.version}, ${os.platform()} ${os.release()}, load ${load}`;
}

/** The machine in detail, for RESULTS.md: database versions too. */
export function machineDetails(): Record<string, string> {
  const sqlite = tryRun(process.execPath, [
    '-e',
    "const D=require('better-sqlite3');console.log(new D(':memory:').prepare('select sqlite_version() v').get().v)",
  ]);
  const postgres = tryRun('psql', ['--version']);
  return {
    CPU: os.cpus()[0]?.model.trim() ?? 'unknown',
    Cores: String(os.cpus().length),
    Memory: `${(os.totalmem() / 1024 ** 3).toFixed(1)} GiB`,
    OS: `${os.platform()} ${os.release()}`,
    Node: process.version,
    SQLite: sqlite ?? 'unknown',
    PostgreSQL: postgres ?? 'not installed',
    'Load (uptime)': tryRun('uptime', []) ?? os.loadavg().join(' '),
  };
}

/** Writes a chart as bench/results/<name>-<key>.svg and returns its reference. */
export function writeChart(name: string, key: string, kind: 'bar' | 'line', spec: ChartSpec): ChartRef {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const file = `bench/results/${name}-${key}.svg`;
  writeFileSync(path.join(RESULTS_DIR, path.basename(file)), kind === 'bar' ? barChart(spec) : lineChart(spec));
  return { title: spec.title, file };
}

/** Writes bench/results/<name>.json and .md, and prints the report. */
export function writeResult(result: Omit<BenchResult, 'date' | 'machine'>, markdown: string): BenchResult {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const full: BenchResult = { ...result, date: new Date().toISOString(), machine: machineLine() };
  writeFileSync(path.join(RESULTS_DIR, `${result.name}.json`), `${JSON.stringify(full, null, 2)}\n`);
  const header = [
    `# ${result.title}`,
    '',
    `Measured ${full.date} with \`${result.command}\`${QUICK ? ' (--quick: tiny sizes, figures mean nothing)' : ''}.`,
    `Machine: ${full.machine}.`,
    '',
    '| target | measured | met |',
    '|---|---|---|',
    ...result.targets.map((t) => `| ${t.target} | ${t.measured} | ${t.met ? 'yes' : '**no**'} |`),
    '',
  ].join('\n');
  const charts = result.charts.map((c) => `![${c.title}](${path.basename(c.file)})`).join('\n\n');
  writeFileSync(path.join(RESULTS_DIR, `${result.name}.md`), `${header}\n${markdown.trim()}\n\n${charts}\n`);
  console.log(header);
  return full;
}

/** A Markdown table. */
export function table(head: string[], rows: (string | number)[][]): string {
  return [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
}
