import { findSnapshotNode } from '../content/snapshots.repository.js';
import type { Db } from '../db/database.js';
import type { UserRow } from '../db/schema.js';
import { NotFoundError, UpstreamError } from '../http/errors.js';
import { LruCache } from '../lib/lru.js';
import type { Settings } from '../settings/settings.schema.js';
import { viewableShare } from '../sharing/access.js';

export interface Speech {
  audio: Buffer;
  type: string;
}

// OpenAI's /audio/speech takes at most 4,096 characters.
const MAX_INPUT = 4096;
const TIMEOUT_MS = 60_000;
/** Audio already made, per app: by message text, model and voice. */
export class SpeechCache extends LruCache<Speech> {
  constructor(maxBytes = 64 * 1024 * 1024) {
    super(maxBytes, (speech) => speech.audio.length);
  }
}

/** What is read aloud: the message's words, without Markdown's punctuation for code and emphasis. */
export function speakableText(markdown: string): string {
  return markdown
    .replace(/```[\s\S]*?```/g, ' (code) ')
    .replace(/\$\$[\s\S]*?\$\$/g, ' (formula) ')
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/[*_`#>|~]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, MAX_INPUT);
}

/**
 * A message of a shared link read aloud by the admin's OpenAI-compatible speech endpoint,
 * for whoever may view the link; cached per message text, model and voice.
 */
export async function speechForSharedMessage(
  db: Db,
  settings: Settings,
  cache: SpeechCache,
  viewer: UserRow | null,
  shareId: string,
  messageId: string,
): Promise<Speech> {
  const share = await viewableShare(db, settings, viewer, shareId);
  const { tts } = settings;
  const node = share.snapshot_id === null ? undefined : await findSnapshotNode(db, share.snapshot_id, messageId);
  if (tts.engine !== 'openai' || tts.baseUrl === undefined || !node) throw new NotFoundError();
  const model = tts.model ?? 'tts-1';
  const voice = tts.voice ?? 'alloy';
  const key = JSON.stringify([tts.baseUrl, model, voice, node.body_hash]);
  const cached = cache.get(key);
  if (cached) return cached;

  let response: Response;
  try {
    response = await fetch(`${tts.baseUrl.replace(/\/+$/, '')}/audio/speech`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(tts.apiKey !== undefined && { authorization: `Bearer ${tts.apiKey}` }),
      },
      body: JSON.stringify({ model, voice, input: speakableText(node.content), response_format: 'mp3' }),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch (error) {
    throw new UpstreamError(`The speech server could not be reached: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (!response.ok) throw new UpstreamError(`The speech server answered ${response.status}.`);
  const type = response.headers.get('content-type') ?? 'audio/mpeg';
  if (!type.startsWith('audio/')) throw new UpstreamError(`The speech server sent ${type}, not audio.`);
  return cache.set(key, { audio: Buffer.from(await response.arrayBuffer()), type });
}
