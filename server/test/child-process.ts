import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';

/**
 * Parley as a child process, for the tests that kill it, restart it or load it (issue 11): built
 * once into one file with esbuild (so that a restart takes a fraction of a second, not a
 * TypeScript compile), started on a port of its own, and stopped by signal.
 */

const root = path.resolve(import.meta.dirname, '..', '..');

export interface ParleyBuild {
  file: string;
  remove(): void;
}

/**
 * Bundles server/main.ts. The file sits in server/share-page/ so that the assets it finds beside
 * itself (import.meta.url) are where they are in the source; config.ts's directory is fixed.
 */
export function buildParley(): ParleyBuild {
  const file = path.join(root, 'server', 'share-page', `.child-${randomBytes(4).toString('hex')}.bundle.mjs`);
  const esbuild = path.join(root, 'node_modules', '.bin', 'esbuild');
  const built = spawnSync(
    esbuild,
    [
      'server/main.ts',
      '--bundle',
      '--platform=node',
      '--format=esm',
      '--packages=external',
      '--log-level=warning',
      `--define:import.meta.dirname=${JSON.stringify(path.join(root, 'server'))}`,
      `--outfile=${file}`,
    ],
    { cwd: root, encoding: 'utf8' },
  );
  if (built.status !== 0) throw new Error(`esbuild failed: ${built.stderr}`);
  return { file, remove: () => rmSync(file, { force: true }) };
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => {
        if (address && typeof address === 'object') resolve(address.port);
        else reject(new Error('no port'));
      });
    });
  });
}

export interface ParleyProcess {
  child: ChildProcess;
  url: string;
  output(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Starts the built Parley with `env` (PORT given), and node's `nodeArgs`, and resolves once it answers. */
export async function startParley(build: ParleyBuild, port: number, env: Record<string, string>, nodeArgs: readonly string[] = []): Promise<ParleyProcess> {
  let output = '';
  const child = spawn(process.execPath, [...nodeArgs, build.file], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', HOST: '127.0.0.1', PORT: String(port), LOG_LEVEL: 'silent', ...env },
  });
  child.stdout.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-20_000)));
  child.stderr.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-20_000)));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  const state = { gone: false };
  void exited.then(() => (state.gone = true));
  for (;;) {
    try {
      const reply = await fetch(`${url}/api/v1/config`);
      if (reply.ok) break;
    } catch (error) {
      if (state.gone || Date.now() > deadline) throw new Error(`Parley did not start: ${String(error)}\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return { child, url, output: () => output, exited };
}

/** Kills the process with `signal` and waits until it is gone. */
export async function stopParley(parley: ParleyProcess, signal: NodeJS.Signals = 'SIGKILL') {
  if (parley.child.exitCode === null && parley.child.signalCode === null) parley.child.kill(signal);
  return parley.exited;
}

/** A browser-like client of a child Parley: keeps its session cookie and sends its Origin. */
export class HttpClient {
  cookie = '';
  constructor(readonly url: string) {}

  async request(method: string, route: string, body?: unknown): Promise<{ status: number; text: string; json: () => unknown }> {
    const headers: Record<string, string> = { origin: this.url };
    if (this.cookie) headers.cookie = this.cookie;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const reply = await fetch(`${this.url}${route}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const session = reply.headers.getSetCookie().find((c) => c.startsWith('parley_session='));
    if (session) this.cookie = session.split(';')[0] ?? '';
    const text = await reply.text();
    return { status: reply.status, text, json: () => JSON.parse(text) as unknown };
  }
}
