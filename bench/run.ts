/**
 * Runs the benchmarks and writes bench/RESULTS.md (bench/README.md).
 *
 *   npm run bench                      every benchmark
 *   npm run bench -- --only a,b        some of them (by file name without .ts)
 *   npm run bench:quick                every benchmark with tiny sizes, to prove the scripts work
 *   npm run bench -- --report-only     none: RESULTS.md anew from the results already written
 *
 * A benchmark is a bench/*.ts file that writes bench/results/<name>.json (it names
 * `bench/results` or calls writeResult). RESULTS.md is built from every results JSON, so the
 * sections of benchmarks not run this time are kept as they were.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { BENCH_DIR, flag, machineDetails, QUICK, RESULTS_DIR, ROOT_DIR, table, type BenchResult } from './lib/report.js';

/** The order of RESULTS.md; others follow by name. */
const ORDER = ['share-page', 'fixed-cost', 'data-growth', 'big-chats', 'storage', 'streaming', 'memory'];

function benchmarks(): string[] {
  const names = readdirSync(BENCH_DIR)
    .filter((f) => f.endsWith('.ts') && f !== 'run.ts')
    .filter((f) => /bench\/results|writeResult\(/.test(readFileSync(path.join(BENCH_DIR, f), 'utf8')))
    .map((f) => f.slice(0, -3));
  const rank = (n: string) => (ORDER.includes(n) ? ORDER.indexOf(n) : ORDER.length);
  return names.sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}

function runScript(name: string): Promise<{ name: string; code: number; seconds: number }> {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join('bench', `${name}.ts`), ...(QUICK ? ['--quick'] : [])], {
      cwd: ROOT_DIR,
      env: { ...process.env, BENCH_RESULTS_DIR: RESULTS_DIR, ...(QUICK ? { BENCH_QUICK: '1' } : {}) },
      stdio: ['ignore', QUICK ? 'ignore' : 'inherit', 'inherit'],
    });
    child.on('exit', (code) => resolve({ name, code: code ?? 1, seconds: (Date.now() - started) / 1000 }));
  });
}

function readResults(): BenchResult[] {
  if (!existsSync(RESULTS_DIR)) return [];
  const results = readdirSync(RESULTS_DIR)
    .filter((f) => f.endsWith('.json'))
    .map((f) => JSON.parse(readFileSync(path.join(RESULTS_DIR, f), 'utf8')) as BenchResult);
  const rank = (n: string) => (ORDER.includes(n) ? ORDER.indexOf(n) : ORDER.length);
  return results.sort((a, b) => rank(a.name) - rank(b.name) || a.name.localeCompare(b.name));
}

function resultsMarkdown(results: BenchResult[], ran: { name: string; code: number; seconds: number }[]): string {
  const machine = machineDetails();
  const met = results.flatMap((r) => r.targets).filter((t) => t.met).length;
  const total = results.flatMap((r) => r.targets).length;
  const lines = [
    '# Benchmark results',
    '',
    `Written by \`npm run bench\` (bench/run.ts) on ${new Date().toISOString()}${QUICK ? ' — a --quick run: tiny sizes, the figures mean nothing' : ''}.`,
    `${met} of ${total} targets met. Each section names the command that reproduces it and the date it was measured;`,
    'the machine is shared and its load is given below and in each report.',
    '',
    '## Machine',
    '',
    table(['', ''], Object.entries(machine).map(([k, v]) => [k, v])),
    '',
  ];
  if (ran.length > 0) {
    lines.push('This run: ' + ran.map((r) => `${r.name} (${r.code === 0 ? 'ok' : `failed, exit ${r.code}`}, ${r.seconds.toFixed(0)} s)`).join(', ') + '.', '');
  }
  for (const r of results) {
    lines.push(
      `## ${r.title}`,
      '',
      `\`${r.command}\` — measured ${r.date} on ${r.machine}. Report: [results/${r.name}.md](results/${r.name}.md).`,
      '',
      table(['target', 'measured', 'met'], r.targets.map((t) => [t.target, t.measured, t.met ? 'met' : '**not met**'])),
      '',
      ...r.charts.flatMap((c) => [`![${c.title}](${path.relative('bench', c.file)})`, '']),
    );
  }
  return lines.join('\n');
}

async function main(): Promise<void> {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const only = flag('only')?.split(',').map((s) => s.trim()).filter(Boolean);
  const all = benchmarks();
  const unknown = (only ?? []).filter((n) => !all.includes(n));
  if (unknown.length > 0) throw new Error(`no benchmark named ${unknown.join(', ')}; there are ${all.join(', ')}`);
  const chosen = process.argv.includes('--report-only') ? [] : (only ?? all);
  const ran = [];
  for (const name of chosen) {
    console.error(`\n=== bench/${name}.ts${QUICK ? ' --quick' : ''}`);
    const result = await runScript(name);
    console.error(`=== ${name}: ${result.code === 0 ? 'ok' : `FAILED (exit ${result.code})`} in ${result.seconds.toFixed(1)} s`);
    ran.push(result);
  }
  const file = QUICK ? path.join(RESULTS_DIR, 'RESULTS.md') : path.join(BENCH_DIR, 'RESULTS.md');
  writeFileSync(file, resultsMarkdown(readResults(), ran));
  console.error(`\nwritten ${path.relative(ROOT_DIR, file)}`);
  if (ran.some((r) => r.code !== 0)) process.exit(1);
}

await main();
