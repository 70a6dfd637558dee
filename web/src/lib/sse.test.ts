import { describe, expect, it } from 'vitest';
import { serverEvents, type ServerEvent } from './sse';

/** A body that arrives in the given pieces, as a network would cut it. */
function body(pieces: string[]): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream({
    start(controller) {
      for (const piece of pieces) controller.enqueue(encoder.encode(piece));
      controller.close();
    },
  });
}

async function collect(stream: ReadableStream<Uint8Array>): Promise<ServerEvent[]> {
  const events: ServerEvent[] = [];
  for await (const event of serverEvents(stream)) events.push(event);
  return events;
}

describe('serverEvents', () => {
  it('reads events cut anywhere across chunks, skipping comments', async () => {
    const text = 'event: message\ndata: {"a":1}\n\n: keep-alive\n\nevent: delta\ndata: {"content":"Hel"}\n\nevent: done\ndata: {"ok":true}\n\n';
    const cuts = [3, 17, 18, 40, 41, 70];
    const pieces = cuts.map((at, i) => text.slice(cuts[i - 1] ?? 0, at)).concat(text.slice(cuts.at(-1)));
    expect(await collect(body(pieces))).toEqual([
      { event: 'message', data: '{"a":1}' },
      { event: 'delta', data: '{"content":"Hel"}' },
      { event: 'done', data: '{"ok":true}' },
    ]);
  });

  it('keeps multi-byte characters split between chunks, and names an unnamed event "message"', async () => {
    const bytes = new TextEncoder().encode('data: {"content":"héllo ✓"}\n\n');
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(bytes.slice(0, 20));
        controller.enqueue(bytes.slice(20));
        controller.close();
      },
    });
    expect(await collect(stream)).toEqual([{ event: 'message', data: '{"content":"héllo ✓"}' }]);
  });

  it('ignores an unfinished last event', async () => {
    expect(await collect(body(['event: delta\ndata: {"content":"a"}\n\nevent: delta\ndata: {"cont']))).toEqual([
      { event: 'delta', data: '{"content":"a"}' },
    ]);
  });
});
