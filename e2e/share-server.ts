import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CONTENT_SECURITY_POLICY } from '../server/http/security.js';
import { shareAssets } from '../server/share-page/assets.js';

/**
 * A stand-in for Parley's share routes in browser tests: serves the given pages and the share
 * assets with the headers the real server sends, answers the fork and speech endpoints the
 * page's script calls, and records every request it gets.
 */

export interface ShareServer {
  origin: string;
  requests: string[];
  close(): Promise<void>;
}

// 0.1 s of silence, so that read-aloud has real audio to play.
function silentWav(): Buffer {
  const samples = 800;
  const wav = Buffer.alloc(44 + samples * 2);
  wav.write('RIFF', 0);
  wav.writeUInt32LE(36 + samples * 2, 4);
  wav.write('WAVEfmt ', 8);
  wav.writeUInt32LE(16, 16);
  wav.writeUInt16LE(1, 20); // PCM
  wav.writeUInt16LE(1, 22); // mono
  wav.writeUInt32LE(8000, 24);
  wav.writeUInt32LE(16000, 28);
  wav.writeUInt16LE(2, 32);
  wav.writeUInt16LE(16, 34);
  wav.write('data', 36);
  wav.writeUInt32LE(samples * 2, 40);
  return wav;
}

function send(response: ServerResponse, status: number, type: string, body: string | Buffer, cache = 'no-cache') {
  response.writeHead(status, {
    'Content-Type': type,
    'Cache-Control': cache,
    'Content-Security-Policy': CONTENT_SECURITY_POLICY,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'X-Robots-Tag': 'noindex, nofollow',
  });
  response.end(body);
}

export async function startShareServer(pages: Record<string, string>): Promise<ShareServer> {
  const requests: string[] = [];
  const assets = shareAssets();
  const handle = (request: IncomingMessage, response: ServerResponse) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    requests.push(`${request.method ?? 'GET'} ${url.pathname}`);
    const asset = url.pathname.startsWith('/s/_assets/') ? assets.get(url.pathname.slice('/s/_assets/'.length)) : undefined;
    const page = pages[url.pathname];
    if (asset) send(response, 200, asset.type, asset.body, 'public, max-age=31536000, immutable');
    else if (page !== undefined) send(response, 200, 'text/html; charset=utf-8', page);
    else if (request.method === 'POST' && /^\/api\/v1\/shares\/[^/]+\/fork$/.test(url.pathname)) {
      send(response, 201, 'application/json', JSON.stringify({ chatId: 'forked-chat' }));
    } else if (/^\/api\/v1\/shares\/[^/]+\/messages\/[^/]+\/speech$/.test(url.pathname)) {
      send(response, 200, 'audio/wav', silentWav());
    } else if (url.pathname === '/c/forked-chat') {
      send(response, 200, 'text/html; charset=utf-8', '<!doctype html><title>Forked chat</title><h1>Forked chat</h1>');
    } else send(response, 404, 'text/plain; charset=utf-8', 'Not Found');
  };
  const server = createServer(handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}
