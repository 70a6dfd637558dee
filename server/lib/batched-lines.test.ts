import { execFileSync } from 'node:child_process';
import { closeSync, constants, mkdtempSync, openSync, readFileSync, readSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BatchedLines } from './batched-lines.js';

let dir: string;
const open: number[] = [];
const streams: BatchedLines[] = [];
afterEach(() => {
  for (const stream of streams.splice(0)) stream.close();
  for (const fd of open.splice(0)) closeSync(fd);
  rmSync(dir, { recursive: true, force: true });
});

function file(): { fd: number; text: () => string } {
  dir = mkdtempSync(path.join(tmpdir(), 'parley-lines-'));
  const name = path.join(dir, 'log');
  const fd = openSync(name, 'w');
  open.push(fd);
  return { fd, text: () => readFileSync(name, 'utf8') };
}

function batched(fd: number, options: ConstructorParameters<typeof BatchedLines>[1]): BatchedLines {
  const stream = new BatchedLines(fd, options);
  streams.push(stream);
  return stream;
}

const line = (i: number) => `${JSON.stringify({ level: 30, msg: 'request', i, route: '/api/v1/shares' })}\n`;
const lines = (from: number, to: number) => Array.from({ length: to - from }, (_, k) => line(from + k)).join('');

describe('the batched log destination', () => {
  it('holds lines until a batch is full, then writes them all in order', () => {
    const out = file();
    const stream = batched(out.fd, { minLength: 1000, maxDelayMs: 60_000 });
    let i = 0;
    while (lines(0, i + 1).length < 1000) stream.write(line(i++));
    expect(out.text()).toBe('');
    stream.write(line(i++));
    expect(out.text()).toBe(lines(0, i));
  });

  it('keeps lines of any size and any characters whole and in order, a line larger than a batch included', () => {
    const out = file();
    const stream = batched(out.fd, { minLength: 4096, maxDelayMs: 60_000 });
    const written = [line(0), `${JSON.stringify({ msg: 'ünïcødé ✓ 💬'.repeat(50) })}\n`, line(1), `${JSON.stringify({ msg: 'x'.repeat(300_000) })}\n`, line(2)];
    for (const text of written) stream.write(text);
    stream.flushSync();
    expect(out.text()).toBe(written.join(''));
  });

  it('writes a batch that is not full a moment after its first line', async () => {
    const out = file();
    const stream = batched(out.fd, { minLength: 1_000_000, maxDelayMs: 50 });
    stream.write(line(0));
    stream.write(line(1));
    expect(out.text()).toBe('');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(out.text()).toBe(lines(0, 2));
  });

  it('writes what it holds when closed, and nothing after', () => {
    const out = file();
    const stream = batched(out.fd, { minLength: 1_000_000, maxDelayMs: 60_000 });
    stream.write(line(0));
    stream.close();
    stream.write(line(1));
    stream.flushSync();
    expect(out.text()).toBe(line(0));
  });

  describe('on a pipe', () => {
    function fifo(): { reader: number; writer: number } {
      dir = mkdtempSync(path.join(tmpdir(), 'parley-lines-'));
      const name = path.join(dir, 'fifo');
      execFileSync('mkfifo', [name]);
      // Non-blocking on both ends: a full pipe answers EAGAIN instead of blocking the test.
      const reader = openSync(name, constants.O_RDONLY | constants.O_NONBLOCK);
      const writer = openSync(name, constants.O_WRONLY | constants.O_NONBLOCK);
      open.push(reader, writer);
      return { reader, writer };
    }

    function drain(fd: number): string {
      const chunks: Buffer[] = [];
      const buffer = Buffer.alloc(65536);
      for (;;) {
        try {
          const n = readSync(fd, buffer);
          if (n === 0) break;
          chunks.push(Buffer.from(buffer.subarray(0, n)));
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code === 'EAGAIN') break;
          throw error;
        }
      }
      return Buffer.concat(chunks).toString();
    }

    it('keeps what a full pipe does not take and writes it once the pipe is read', () => {
      const { reader, writer } = fifo();
      const stream = batched(writer, { minLength: 4096, maxDelayMs: 60_000 });
      // Far more than a pipe holds (64 KiB on Linux), and nobody reads yet.
      const count = 5000;
      for (let i = 0; i < count; i += 1) stream.write(line(i));
      let got = drain(reader);
      expect(got.length).toBeGreaterThan(0);
      expect(got.length).toBeLessThan(lines(0, count).length);
      for (let tries = 0; tries < 100 && got.length < lines(0, count).length; tries += 1) {
        stream.flushSync();
        got += drain(reader);
      }
      expect(got).toBe(lines(0, count));
    });

    it('drops the oldest lines when the pipe has not been read for too long, and says so', () => {
      const { reader, writer } = fifo();
      const stream = batched(writer, { minLength: 4096, maxDelayMs: 60_000, maxUnwrittenBytes: 200_000 });
      const count = 10_000;
      for (let i = 0; i < count; i += 1) stream.write(line(i));
      let got = drain(reader);
      for (let tries = 0; tries < 100; tries += 1) {
        stream.flushSync();
        const more = drain(reader);
        if (more === '') break;
        got += more;
      }
      const received = got.split('\n').filter(Boolean);
      const notice = received.find((l) => l.includes('were dropped'));
      expect(notice).toMatch(/^\{"level":40,"time":\d+,"msg":"\d+ bytes of log lines were dropped/);
      // Every line arrives whole; the last ones written are there; some in between are not.
      const numbers = received.filter((l) => l !== notice).map((l) => (JSON.parse(l) as { i: number }).i);
      expect(numbers.at(-1)).toBe(count - 1);
      expect(numbers.length).toBeLessThan(count);
      expect([...numbers].sort((a, b) => a - b)).toEqual(numbers);
    });

    it('stops writing, without throwing, once the reader is gone', () => {
      const { reader, writer } = fifo();
      const stream = batched(writer, { minLength: 10, maxDelayMs: 60_000 });
      closeSync(reader);
      open.splice(open.indexOf(reader), 1);
      expect(() => {
        for (let i = 0; i < 100; i += 1) stream.write(line(i));
        stream.close();
      }).not.toThrow();
    });
  });
});
