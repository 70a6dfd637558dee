import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/**
 * A small OpenAI-compatible model server for tests and benchmarks, on 127.0.0.1 and a free port.
 * Each chat completion follows the script the test sets: tokens and their pace, an error status,
 * a cut connection, garbage, or no answer at all.
 */

export interface ReplyScript {
  tokens?: string[];
  /** Wait before the first token (after the headers). */
  firstTokenDelayMs?: number;
  /** Wait between tokens. */
  tokenDelayMs?: number;
  /** Answer with this status and body instead. */
  status?: number;
  errorBody?: string;
  /** Destroy the connection after this many tokens (0: before any header). */
  cutAfter?: number;
  /** Send this many tokens, then fall silent without ending. */
  stallAfter?: number;
  /** Answer 200 text/event-stream with data that is not JSON. */
  garbage?: boolean;
  /** Accept the request and never answer. */
  hang?: boolean;
  /** Send these content parts (OpenAI-style, e.g. `image_url`) after the tokens, as one delta or in the message. */
  parts?: unknown[];
  /** Answer with a description of the content parts of the last message it received (vision tests). */
  echoParts?: boolean;
}

/** OpenAI-compatible content: plain text, or parts (text and images). */
export type ReceivedContent = string | ({ type: 'text'; text: string } | { type: 'image_url'; image_url: { url: string } })[];

/** `parts: text "What is this?", image_url image/png 68 bytes`: what the last message of a request held. */
export function describeParts(content: ReceivedContent | undefined): string {
  if (typeof content !== 'object') return `text only: ${content ?? ''}`;
  const parts = content.map((part) => {
    if (part.type === 'text') return `text "${part.text}"`;
    const match = /^data:([^;,]+);base64,(.*)$/.exec(part.image_url.url);
    return match ? `image_url ${match[1] ?? ''} ${Buffer.from(match[2] ?? '', 'base64').length} bytes` : `image_url ${part.image_url.url}`;
  });
  return `parts: ${parts.join(', ')}`;
}

export interface ReceivedRequest {
  path: string;
  authorization: string | undefined;
  body: { model?: string; stream?: boolean; messages?: { role: string; content: ReceivedContent }[] };
  /** The client went away before the answer ended (Parley stopped the reply). */
  abandoned: boolean;
}

export interface FakeModelServer {
  url: string;
  /** Base URL of the OpenAI-compatible API (`…/v1`). */
  baseUrl: string;
  models: string[];
  /** Breaks `GET /models` with this status (null: works). */
  modelsStatus: number | null;
  script: ReplyScript;
  /** What `GET <path>` answers (images the model server hosts); a `redirect` answers 302 to it. */
  assets: Record<string, { type: string; body: Buffer } | { redirect: string }>;
  received: ReceivedRequest[];
  completions(): ReceivedRequest[];
  close(): Promise<void>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function chunk(model: string, content: string | unknown[] | null, finish: string | null): string {
  const delta = content === null ? {} : { content };
  return `data: ${JSON.stringify({ id: 'chatcmpl-fake', object: 'chat.completion.chunk', model, choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
}

async function readBody(request: IncomingMessage): Promise<string> {
  let text = '';
  for await (const part of request) text += String(part);
  return text;
}

async function complete(fake: FakeModelServer, request: ReceivedRequest, response: ServerResponse): Promise<void> {
  const script = fake.script;
  const tokens = script.echoParts ? [describeParts(request.body.messages?.at(-1)?.content)] : (script.tokens ?? ['Hello', ', ', 'world', '!']);
  const model = request.body.model ?? 'fake';
  if (script.hang) return;
  if (script.cutAfter === 0) {
    response.socket?.destroy();
    return;
  }
  if (script.status !== undefined) {
    response.writeHead(script.status, { 'content-type': 'application/json' });
    response.end(script.errorBody ?? JSON.stringify({ error: { message: 'The fake model is having a bad day.' } }));
    return;
  }
  if (request.body.stream !== true) {
    response.writeHead(200, { 'content-type': 'application/json' });
    const content = script.parts ? [{ type: 'text', text: tokens.join('') }, ...script.parts] : tokens.join('');
    response.end(JSON.stringify({ choices: [{ index: 0, message: { role: 'assistant', content } }] }));
    return;
  }
  response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  response.flushHeaders();
  if (script.garbage) {
    response.end('data: <html>this is not json</html>\n\n');
    return;
  }
  if (script.firstTokenDelayMs) await sleep(script.firstTokenDelayMs);
  for (const [i, token] of tokens.entries()) {
    if (i === script.cutAfter) {
      // Let what was written reach the client, then cut.
      await sleep(50);
      response.socket?.destroy();
      return;
    }
    if (i === script.stallAfter) return;
    if (i > 0 && script.tokenDelayMs) await sleep(script.tokenDelayMs);
    if (response.destroyed) return;
    response.write(chunk(model, token, null));
  }
  if (script.parts) response.write(chunk(model, script.parts, null));
  response.write(chunk(model, null, 'stop'));
  response.end('data: [DONE]\n\n');
}

export async function startFakeModelServer(options: { models?: string[]; apiKey?: string } = {}): Promise<FakeModelServer> {
  const sockets = new Set<Socket>();
  const server = createServer((request, response) => {
    void (async () => {
      const text = await readBody(request);
      const path = (request.url ?? '').replace(/\?.*$/, '');
      const received: ReceivedRequest = {
        path,
        authorization: request.headers.authorization,
        body: text ? (JSON.parse(text) as ReceivedRequest['body']) : {},
        abandoned: false,
      };
      response.on('close', () => {
        if (!response.writableFinished) received.abandoned = true;
      });
      fake.received.push(received);
      if (options.apiKey !== undefined && request.headers.authorization !== `Bearer ${options.apiKey}`) {
        response.writeHead(401, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ error: { message: 'Incorrect API key provided.' } }));
        return;
      }
      if (path === '/v1/models' && request.method === 'GET') {
        if (fake.modelsStatus !== null) {
          response.writeHead(fake.modelsStatus).end('down');
          return;
        }
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ object: 'list', data: fake.models.map((id) => ({ id, object: 'model', owned_by: 'fake' })) }));
        return;
      }
      if (path === '/v1/chat/completions' && request.method === 'POST') {
        await complete(fake, received, response);
        return;
      }
      const asset = fake.assets[path];
      if (asset && request.method === 'GET') {
        if ('redirect' in asset) response.writeHead(302, { location: asset.redirect }).end();
        else response.writeHead(200, { 'content-type': asset.type }).end(asset.body);
        return;
      }
      response.writeHead(404).end();
    })();
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  const fake: FakeModelServer = {
    url,
    baseUrl: `${url}/v1`,
    models: options.models ?? ['fake-small', 'fake-large'],
    modelsStatus: null,
    script: {},
    assets: {},
    received: [],
    completions: () => fake.received.filter((r) => r.path === '/v1/chat/completions'),
    close: async () => {
      for (const socket of sockets) socket.destroy();
      server.close();
      await once(server, 'close');
    },
  };
  return fake;
}
