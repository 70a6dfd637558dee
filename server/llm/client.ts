import { createParser } from 'eventsource-parser';
import { z } from 'zod';
import type { LlmLimits } from '../config.js';
import { UpstreamError } from '../http/errors.js';

/**
 * The client of OpenAI-compatible model servers: lists their models and streams chat
 * completions, with a stop signal and timeouts, so that a server that is down, slow, cut or
 * talking nonsense always ends in an UpstreamError, never in a hang.
 */

export interface Connection {
  id: string;
  name: string;
  baseUrl: string;
  apiKey: string | null;
}

export interface ModelInfo {
  id: string;
  name: string;
}

/** OpenAI-compatible content parts: text, and images as `image_url` (we send data URLs of our own bytes). */
export type ContentPart = { type: 'text'; text: string } | { type: 'image_url'; image_url: { url: string } };

export interface ContextMessage {
  role: 'user' | 'assistant' | 'system';
  content: string | ContentPart[];
}

const modelListSchema = z.object({
  data: z.array(z.object({ id: z.string().min(1), name: z.string().optional() }).loose()),
});

const errorReplySchema = z.object({ error: z.union([z.string(), z.object({ message: z.string() }).loose()]) }).loose();

/** Content a model server sends back: text, or (some servers) parts with `image_url` images. */
const replyContentSchema = z.union([
  z.string(),
  z.array(
    z.union([
      z.object({ type: z.literal('text'), text: z.string() }).loose(),
      z.object({ type: z.literal('image_url'), image_url: z.union([z.string(), z.object({ url: z.string() }).loose()]) }).loose(),
      z.object({ type: z.string() }).loose(),
    ]),
  ),
]);

/**
 * The reply's text: image parts become Markdown images of their URL, which the reply then keeps
 * as files or drops with a note (server/chats/reply-images.ts); parts of other kinds are left out.
 */
function replyText(content: z.infer<typeof replyContentSchema> | null | undefined): string {
  if (content === null || content === undefined) return '';
  if (typeof content === 'string') return content;
  return content
    .map((part) => {
      if (part.type === 'text' && 'text' in part && typeof part.text === 'string') return part.text;
      if (part.type === 'image_url' && 'image_url' in part) {
        const image = part.image_url as string | { url: string };
        const url = typeof image === 'string' ? image : image.url;
        return `\n\n![image](${url.replace(/[()\s]/g, encodeURIComponent)})\n\n`;
      }
      return '';
    })
    .join('');
}

const streamChunkSchema = z
  .object({
    choices: z.array(
      z
        .object({
          delta: z.object({ content: replyContentSchema.nullish() }).loose().nullish(),
          finish_reason: z.string().nullish(),
        })
        .loose(),
    ),
  })
  .loose();

const completionSchema = z
  .object({ choices: z.array(z.object({ message: z.object({ content: replyContentSchema.nullish() }).loose() }).loose()) })
  .loose();

/** The connection's key, as every request to its model server carries it (none without a key). */
export function authorizationFor(connection: Connection): Record<string, string> {
  return connection.apiKey !== null && connection.apiKey !== '' ? { authorization: `Bearer ${connection.apiKey}` } : {};
}

function headersFor(connection: Connection): Record<string, string> {
  return { 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...authorizationFor(connection) };
}

const seconds = (ms: number) => `${Math.round(ms / 100) / 10} s`;

/** What went wrong with a request that never got an answer, in words an admin can act on. */
function unreachable(connection: Connection, error: unknown): UpstreamError {
  if (error instanceof UpstreamError) return error;
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  const code = typeof cause === 'object' && cause !== null && 'code' in cause ? String(cause.code) : null;
  const detail = code ?? (cause instanceof Error ? cause.message : 'network error');
  return new UpstreamError(`The model server "${connection.name}" could not be reached (${detail}).`);
}

/** The error message a model server put in its 4xx/5xx body, if any. */
async function refusal(connection: Connection, response: Response): Promise<UpstreamError> {
  const text = (await response.text()).slice(0, 2000);
  let detail = text.trim().slice(0, 300);
  try {
    const parsed = errorReplySchema.safeParse(JSON.parse(text));
    if (parsed.success) detail = typeof parsed.data.error === 'string' ? parsed.data.error : parsed.data.error.message;
  } catch (error) {
    if (!(error instanceof SyntaxError)) throw error;
  }
  return new UpstreamError(`The model server "${connection.name}" answered ${response.status}${detail ? `: ${detail}` : '.'}`);
}

function garbage(connection: Connection, what: string): UpstreamError {
  return new UpstreamError(`The model server "${connection.name}" sent ${what}, not a chat completion.`);
}

/** The models a connection offers (`GET /models`). */
export async function listModels(connection: Connection, timeoutMs: number): Promise<ModelInfo[]> {
  const signal = AbortSignal.timeout(timeoutMs);
  try {
    const response = await fetch(`${connection.baseUrl}/models`, { headers: headersFor(connection), signal });
    if (!response.ok) throw await refusal(connection, response);
    const parsed = modelListSchema.safeParse(await response.json());
    if (!parsed.success) throw new UpstreamError(`The model server "${connection.name}" sent a model list Parley cannot read.`);
    return parsed.data.data.map((m) => ({ id: m.id, name: m.name ?? m.id }));
  } catch (error) {
    if (signal.aborted) throw new UpstreamError(`The model server "${connection.name}" did not answer within ${seconds(timeoutMs)}.`);
    if (error instanceof SyntaxError) throw garbage(connection, 'something that is not JSON');
    throw unreachable(connection, error);
  }
}

export interface CompletionRequest {
  connection: Connection;
  model: string;
  messages: readonly ContextMessage[];
  /** Aborted when the user stops the reply; its reason is what the stream then throws. */
  signal: AbortSignal;
  limits: Pick<LlmLimits, 'connectTimeoutMs' | 'idleTimeoutMs'>;
}

/**
 * Streams the reply's text as it arrives (`POST /chat/completions`, `stream: true`). Ends when
 * the server says the reply is complete; throws an UpstreamError for anything else, or the stop
 * signal's reason when stopped.
 */
export async function* streamCompletion(request: CompletionRequest): AsyncGenerator<string, void> {
  const { connection, limits } = request;
  const timeout = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const arm = (ms: number, message: string) => {
    clearTimeout(timer);
    timer = setTimeout(() => timeout.abort(new UpstreamError(message)), ms);
  };
  const idle = () =>
    arm(limits.idleTimeoutMs, `The model server "${connection.name}" stopped sending for ${seconds(limits.idleTimeoutMs)}.`);
  const signal = AbortSignal.any([request.signal, timeout.signal]);
  let reader: ReadableStreamDefaultReader<Uint8Array> | undefined;
  arm(limits.connectTimeoutMs, `The model server "${connection.name}" did not answer within ${seconds(limits.connectTimeoutMs)}.`);
  try {
    const response = await fetch(`${connection.baseUrl}/chat/completions`, {
      method: 'POST',
      headers: headersFor(connection),
      body: JSON.stringify({ model: request.model, messages: request.messages, stream: true }),
      signal,
    });
    idle();
    if (!response.ok) throw await refusal(connection, response);
    const type = response.headers.get('content-type') ?? '';
    if (type.includes('application/json')) {
      // A server that ignores `stream: true` answers with the whole completion at once.
      const parsed = completionSchema.safeParse(await response.json());
      if (!parsed.success) throw garbage(connection, 'JSON');
      const content = replyText(parsed.data.choices[0]?.message.content);
      if (content) yield content;
      return;
    }
    if (!type.includes('text/event-stream') || !response.body) throw garbage(connection, type ? `"${type}"` : 'an untyped answer');
    reader = response.body.getReader();
    yield* readEvents(connection, reader, idle);
  } catch (error) {
    if (request.signal.aborted) throw request.signal.reason;
    if (timeout.signal.aborted) throw timeout.signal.reason;
    if (error instanceof SyntaxError) throw garbage(connection, 'something that is not JSON');
    if (error instanceof UpstreamError) throw error;
    throw new UpstreamError(`The connection to the model server "${connection.name}" broke off (${describeCause(error)}).`);
  } finally {
    clearTimeout(timer);
    if (reader) await reader.cancel().catch(() => undefined);
    timeout.abort();
  }
}

function describeCause(error: unknown): string {
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  return cause instanceof Error ? cause.message : String(cause);
}

/** The text deltas of an OpenAI-style event stream, until `[DONE]` (or a finish reason and the end). */
async function* readEvents(
  connection: Connection,
  reader: ReadableStreamDefaultReader<Uint8Array>,
  onChunk: () => void,
): AsyncGenerator<string, void> {
  const decoder = new TextDecoder();
  const events: string[] = [];
  const problems: string[] = [];
  const parser = createParser({
    onEvent: (event) => events.push(event.data),
    onError: (error) => problems.push(error.message),
    maxBufferSize: 1024 * 1024,
  });
  let finished = false;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    onChunk();
    parser.feed(decoder.decode(value, { stream: true }));
    if (problems.length > 0) throw garbage(connection, `an unreadable event stream (${problems.join('; ')})`);
    for (const data of events.splice(0)) {
      if (data.trim() === '[DONE]') return;
      const json: unknown = JSON.parse(data);
      const error = errorReplySchema.safeParse(json);
      if (error.success) {
        const message = typeof error.data.error === 'string' ? error.data.error : error.data.error.message;
        throw new UpstreamError(`The model server "${connection.name}" reported an error: ${message}`);
      }
      const chunk = streamChunkSchema.safeParse(json);
      if (!chunk.success) throw garbage(connection, 'events of another kind');
      const choice = chunk.data.choices[0];
      if (choice?.finish_reason) finished = true;
      const content = replyText(choice?.delta?.content);
      if (content) yield content;
    }
  }
  if (!finished) throw new UpstreamError(`The model server "${connection.name}" ended the stream before the reply was complete.`);
}
