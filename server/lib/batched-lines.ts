import { writeSync } from 'node:fs';

/** What is held when writes to the descriptor fail with EAGAIN (nobody reads it) before lines are dropped. */
const MAX_UNWRITTEN_BYTES = 8 * 1024 * 1024;

/** Room for the lines of a batch, encoded. */
const HELD_BYTES = 64 * 1024;

/**
 * The log's destination for `npm start` (docs/architecture.md, Logging): lines are held and
 * written to a file descriptor together, once `minLength` bytes are held or `maxDelayMs`
 * after the first held line, and whatever is held when the process exits (a signal or a crash).
 *
 * pino's own destination (sonic-boom) measured the bytes of everything it held again on every
 * line, so a line cost more the more was held: about 5 µs a request with 4 KiB batches, a quarter
 * of a small request. Here each line is encoded into the batch's buffer as it comes (no string is
 * kept, none is joined), and the batch is written from that buffer. Writes are synchronous, as
 * pino's default destination is: a batch is a few KiB every few dozen requests, and nothing is in
 * flight when the process exits.
 */
export class BatchedLines {
  /** The held lines, encoded as they come, in `held[0, heldBytes)`. */
  private held: Buffer;
  private heldBytes = 0;
  /** Bytes a write could not take yet (EAGAIN on a non-blocking descriptor), retried first. */
  private unwritten: Buffer | null = null;
  /** Whether the descriptor holds the start of a line whose rest begins `unwritten`. */
  private midLine = false;
  private timer: NodeJS.Timeout | null = null;
  private closed = false;
  private readonly onExit = () => this.close();

  constructor(
    private readonly fd: number,
    private readonly options: { minLength: number; maxDelayMs: number; maxUnwrittenBytes?: number } = { minLength: 4096, maxDelayMs: 1000 },
  ) {
    this.held = Buffer.allocUnsafe(Math.max(HELD_BYTES, 2 * options.minLength));
    process.on('exit', this.onExit);
  }

  /** pino's stream interface: one serialised line, newline included. */
  write(line: string): boolean {
    if (this.closed) return true;
    // A UTF-16 unit takes at most three bytes; a line that may not fit goes out with what is held.
    if (this.heldBytes + 3 * line.length > this.held.length) {
      this.flushSync(Buffer.from(line));
      return true;
    }
    this.heldBytes += this.held.write(line, this.heldBytes);
    // While the descriptor is full, lines wait for the retry instead of being copied per batch.
    if (this.heldBytes >= this.options.minLength && this.unwritten === null) this.flushSync();
    else this.timer ??= setTimeout(() => this.flushSync(), this.options.maxDelayMs).unref();
    return true;
  }

  /** Writes what is held now, then `more` (pino calls it from logger.flush()). */
  flushSync(more?: Buffer): void {
    if (this.timer !== null) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    if (this.closed) return;
    const held = this.held.subarray(0, this.heldBytes);
    const batch = more === undefined ? held : this.heldBytes === 0 ? more : Buffer.concat([held, more]);
    this.heldBytes = 0;
    let pending = this.unwritten === null ? batch : Buffer.concat([this.unwritten, batch]);
    if (pending.length === 0) return;
    const max = this.options.maxUnwrittenBytes ?? MAX_UNWRITTEN_BYTES;
    if (this.unwritten !== null && pending.length > max) {
      // Nobody has read the descriptor for a long while: keep the newest lines, and say what went.
      // The rest of a line already partly written stays, so that every line arrives whole.
      const head = this.midLine ? this.unwritten.subarray(0, this.unwritten.indexOf(0x0a) + 1) : Buffer.alloc(0);
      const newest = pending.indexOf(0x0a, pending.length - max) + 1;
      if (newest > head.length) pending = Buffer.concat([head, Buffer.from(droppedLine(newest - head.length)), pending.subarray(newest)]);
    }
    const rest = this.writeOut(pending);
    // What is left may still be in `held`, which the next lines overwrite.
    this.unwritten = rest === null ? null : Buffer.from(rest);
    if (this.unwritten !== null) this.timer = setTimeout(() => this.flushSync(), this.options.maxDelayMs).unref();
  }

  /** Writes the rest and stops: later lines are dropped (the process is exiting). */
  close(): void {
    this.flushSync();
    // A descriptor that is full now may take the rest in a moment; an exit cannot wait for long.
    for (let tries = 0; this.unwritten !== null && !this.closed && tries < 20; tries += 1) {
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10);
      this.flushSync();
    }
    if (this.timer !== null) clearTimeout(this.timer);
    this.closed = true;
    process.off('exit', this.onExit);
  }

  /** Writes `bytes`; what a full non-blocking descriptor did not take, or null once all of it went. */
  private writeOut(bytes: Buffer): Buffer | null {
    let rest = bytes;
    while (rest.length > 0) {
      try {
        const written = writeSync(this.fd, rest);
        if (written > 0) this.midLine = rest[written - 1] !== 0x0a;
        rest = rest.subarray(written);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'EAGAIN') return rest;
        // EPIPE: the reader is gone, and so is every later line; any other error, the same.
        this.closed = true;
        return null;
      }
    }
    return null;
  }
}

function droppedLine(bytes: number): string {
  return `${JSON.stringify({ level: 40, time: Date.now(), msg: `${bytes} bytes of log lines were dropped: the log's reader did not read them` })}\n`;
}
