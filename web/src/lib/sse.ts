import { EventSourceParserStream } from 'eventsource-parser/stream';

/** One server-sent event: its name (`message` when the server gave none) and its data text. */
export interface ServerEvent {
  event: string;
  data: string;
}

/**
 * The events of a `text/event-stream` body, as they arrive. Read with fetch rather than
 * EventSource, which can only GET; the parsing (events split across chunks, comments, multi-line
 * data) is eventsource-parser's. Cancelling the loop, or aborting the fetch, releases the body.
 */
export async function* serverEvents(body: ReadableStream<Uint8Array>): AsyncGenerator<ServerEvent> {
  const reader = body.pipeThrough(new TextDecoderStream()).pipeThrough(new EventSourceParserStream()).getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      yield { event: value.event ?? 'message', data: value.data };
    }
  } finally {
    // Stops the download when the reader leaves early; a stream that already failed stays failed.
    await reader.cancel().catch(() => undefined);
  }
}
