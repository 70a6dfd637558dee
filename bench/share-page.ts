/**
 * Share page throughput (issue: the shared page). Requests per second of a 40-message shared
 * page from Parley — a public link, and a members link with a session cookie — against nginx
 * serving the same bytes as a static file, measured alternately in one run with wrk.
 * Parley runs as `npm start` would run it (its own process, SQLite, LOG_LEVEL=info).
 * Writes bench/share-page.md.
 *
 *   npx tsx bench/share-page.ts        (needs wrk and nginx: apt-get install -y wrk nginx)
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '..');
const ROUNDS = 5;
const SECONDS = 5;
const CONNECTIONS = 32;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (address && typeof address === 'object' ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

async function waitFor(url: string): Promise<void> {
  for (let i = 0; i < 200; i += 1) {
    try {
      await fetch(url);
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  throw new Error(`${url} did not come up`);
}

/** A message with the Markdown people really get back: prose, a list, code, a table. */
function message(i: number): { role: 'user' | 'assistant'; content: string; model?: string } {
  if (i % 2 === 0) return { role: 'user', content: `Question ${i / 2 + 1}: how would you write a function that merges two sorted lists, and why?` };
  return {
    role: 'assistant',
    model: 'llama3.1:8b',
    content: [
      `Here is answer ${(i + 1) / 2}. The idea is to walk both lists **once**, always taking the smaller head:`,
      '',
      '1. Compare the heads of both lists.',
      '2. Move the smaller one to the output.',
      '3. When one list runs out, append the rest of the other.',
      '',
      '```python',
      'def merge(a, b):',
      '    out, i, j = [], 0, 0',
      '    while i < len(a) and j < len(b):',
      '        if a[i] <= b[j]:',
      '            out.append(a[i]); i += 1',
      '        else:',
      '            out.append(b[j]); j += 1',
      '    return out + a[i:] + b[j:]',
      '```',
      '',
      '| case | cost |',
      '|---|---|',
      '| time | O(n + m) |',
      '| space | O(n + m) |',
      '',
      'This runs in linear time, $O(n+m)$, which is optimal since every element must be read.',
    ].join('\n'),
  };
}

async function wrk(url: string, headers: string[] = []): Promise<number> {
  const args = ['-t2', `-c${CONNECTIONS}`, `-d${SECONDS}s`, ...headers.flatMap((h) => ['-H', h]), url];
  const { stdout } = await run('wrk', args);
  const rps = /Requests\/sec:\s+([\d.]+)/.exec(stdout)?.[1];
  const non2xx = /Non-2xx or 3xx responses: (\d+)/.exec(stdout)?.[1];
  if (non2xx) throw new Error(`${url}: ${non2xx} failed responses`);
  return Number(rps);
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

async function main(): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), 'parley-bench-'));
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const children: ChildProcess[] = [];
  try {
    const parley = spawn(path.join(root, 'node_modules/.bin/tsx'), ['server/main.ts'], {
      cwd: root,
      env: { PATH: process.env.PATH ?? '', PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dir, PUBLIC_URL: base, LOG_LEVEL: 'info' },
      stdio: 'ignore',
    });
    children.push(parley);
    await waitFor(`${base}/api/v1/config`);

    const call = async (method: string, url: string, body: unknown, cookie = '') => {
      const response = await fetch(`${base}${url}`, {
        method,
        headers: { 'content-type': 'application/json', origin: base, cookie },
        body: JSON.stringify(body),
      });
      return { response, json: (await response.json()) as Record<string, Record<string, string>> };
    };
    const signup = await call('POST', '/api/v1/auth/signup', { email: 'bench@example.com', password: 'benchmark password', name: 'Bench' });
    const cookie = (signup.response.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    await call('PATCH', '/api/v1/admin/settings', { sharing: { publicLinks: true } }, cookie);
    const messages = Array.from({ length: 40 }, (_, i) => message(i));
    const links: Record<'public' | 'members', string> = { public: '', members: '' };
    for (const access of ['public', 'members'] as const) {
      const chat = await call('POST', '/api/v1/chats', { title: `Merging sorted lists (${access})`, messages }, cookie);
      const share = await call('PUT', `/api/v1/chats/${chat.json.chat?.id ?? ''}/share`, { access }, cookie);
      links[access] = `/s/${share.json.share?.id ?? ''}`;
    }

    // nginx serves the very bytes Parley sends, as static files.
    const staticDir = path.join(dir, 'static');
    const nginxPort = await freePort();
    await run('mkdir', ['-p', staticDir]);
    const pageBytes: Record<string, number> = {};
    for (const access of ['public', 'members'] as const) {
      const html = await (await fetch(`${base}${links[access]}`, { headers: { cookie } })).text();
      writeFileSync(path.join(staticDir, `${access}.html`), html);
      pageBytes[access] = Buffer.byteLength(html);
    }
    writeFileSync(
      path.join(dir, 'nginx.conf'),
      `user root;\nworker_processes 1;\npid ${dir}/nginx.pid;\nerror_log ${dir}/nginx-error.log;\nevents { worker_connections 1024; }\nhttp {\n  access_log off;\n  server {\n    listen 127.0.0.1:${nginxPort};\n    root ${staticDir};\n    location / { default_type text/html; }\n  }\n}\n`,
    );
    const nginx = spawn('nginx', ['-c', path.join(dir, 'nginx.conf'), '-g', 'daemon off;'], { stdio: 'ignore' });
    children.push(nginx);
    await waitFor(`http://127.0.0.1:${nginxPort}/public.html`);

    const results: Record<string, number[]> = { 'Parley, public': [], 'Parley, members': [], 'nginx, public bytes': [], 'nginx, members bytes': [] };
    for (let round = 0; round < ROUNDS; round += 1) {
      results['Parley, public']?.push(await wrk(`${base}${links.public}`));
      results['nginx, public bytes']?.push(await wrk(`http://127.0.0.1:${nginxPort}/public.html`));
      results['Parley, members']?.push(await wrk(`${base}${links.members}`, [`Cookie: ${cookie}`]));
      results['nginx, members bytes']?.push(await wrk(`http://127.0.0.1:${nginxPort}/members.html`));
    }

    const rows = Object.entries(results).map(
      ([name, values]) => `| ${name} | ${Math.round(median(values))} | ${values.map((v) => Math.round(v)).join(', ')} |`,
    );
    const report = [
      '# Share page throughput',
      '',
      `Measured ${new Date().toISOString().slice(0, 10)} with \`npx tsx bench/share-page.ts\` on this machine (2 cores; wrk shares them with the server).`,
      `A 40-message shared chat (Markdown with code, a table and math): ${pageBytes.public} bytes of HTML (public), ${pageBytes.members} (members).`,
      `wrk -t2 -c${CONNECTIONS} -d${SECONDS}s, ${ROUNDS} rounds, alternating Parley and nginx. Parley: one Node process as \`npm start\` runs it`,
      '(SQLite, LOG_LEVEL=info, every request checks the link in the database and the members one the session too).',
      'nginx: one worker, the same bytes as a static file.',
      '',
      '| server | median requests/s | rounds |',
      '|---|---|---|',
      ...rows,
      '',
      `Parley serves the public page at ${((median(results['Parley, public'] ?? []) / median(results['nginx, public bytes'] ?? [])) * 100).toFixed(0)}% of nginx's static rate, and the members page at ${((median(results['Parley, members'] ?? []) / median(results['nginx, members bytes'] ?? [])) * 100).toFixed(0)}%.`,
      '',
    ].join('\n');
    writeFileSync(path.join(import.meta.dirname, 'share-page.md'), report);
    console.log(report);
  } finally {
    for (const child of children) child.kill('SIGTERM');
  }
}

await main();
