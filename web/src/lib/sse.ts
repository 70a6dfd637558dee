import { createParser } from 'eventsource-parser';

/** One server-sent event: its name (`message` when the server gave none) and its data text. */
export interface ServerEvent {
  event: string;
  data: string;
}

/**
 * The events of a `text/event-stream` body, as they arrive. Read with fetch and the body's reader
 * rather than EventSource, which can only GET; the parsing (events cut across chunks, comments,
 * multi-line data) is eventsource-parser's. Leaving the loop early, or aborting the fetch,
 * releases the body.
 */
export async function* serverEvents(body: ReadableStream<Uint8Array>): AsyncGenerator<ServerEvent> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  const arrived: ServerEvent[] = [];
  const parser = createParser({ onEvent: ({ event, data }) => arrived.push({ event: event ?? 'message', data }) });
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      parser.feed(decoder.decode(value, { stream: true }));
      yield* arrived.splice(0);
    }
  } finally {
    // Stops the download when the reader leaves early; a body that already failed stays failed.
    await reader.cancel().catch(() => undefined);
  }
}
