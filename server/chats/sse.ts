import { PassThrough } from 'node:stream';

/**
 * A `text/event-stream` body written as events happen. Writes after the client went away are
 * dropped: the reply is still saved, only no one is listening.
 */
export class EventStream {
  readonly body = new PassThrough();
  private readonly heartbeat: NodeJS.Timeout;

  constructor(heartbeatMs = 15_000) {
    // A comment now and then keeps proxies from closing a stream that waits for a slow model.
    this.heartbeat = setInterval(() => this.write(': keep-alive\n\n'), heartbeatMs);
    this.body.on('close', () => clearInterval(this.heartbeat));
  }

  send(event: string, data: unknown): void {
    this.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  }

  end(): void {
    clearInterval(this.heartbeat);
    if (!this.body.writableEnded) this.body.end();
  }

  private write(text: string): void {
    if (!this.body.destroyed && !this.body.writableEnded) this.body.write(text);
  }
}

export const EVENT_STREAM_HEADERS = {
  'content-type': 'text/event-stream; charset=utf-8',
  'cache-control': 'no-cache, no-transform',
  'x-accel-buffering': 'no',
};
