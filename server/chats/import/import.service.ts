import type { z } from 'zod';
import type { ImportResult } from '../../../common/api/chats.js';
import type { Db } from '../../db/database.js';
import { retryOnRace } from '../../db/errors.js';
import type { NewChatRow, NewMessageRow, UserRow } from '../../db/schema.js';
import { BadRequestError } from '../../http/errors.js';
import { newId } from '../../lib/ids.js';
import { putBodies } from '../../content/bodies.repository.js';
import { insertMessages } from '../chats.repository.js';
import { chatgptExportSchema, chatsFromChatGpt } from './chatgpt.js';
import { OWN_EXPORT_FORMAT } from '../export/export.service.js';
import { findImportKeys, findOwnChatIds, insertChats } from './import.repository.js';
import { chatsFromOpenWebUi, looksLikeOpenWebUi, openWebUiEntries, openWebUiExportSchema } from './openwebui.js';
import { fieldPath, Problems, type ImportedChat } from './tree.js';

function refuse(problems: Problems): never {
  const shown = problems.list.slice(0, 5).map((p) => `${p.field}: ${p.message}`);
  throw new BadRequestError(`The export cannot be imported: ${shown.join('; ')}`, problems.list);
}

function parse<T>(schema: z.ZodType<T>, input: unknown): T {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const problems = new Problems();
  for (const issue of parsed.error.issues) problems.add(fieldPath(issue.path) || 'body', issue.message);
  return refuse(problems);
}

/** The chats of a ChatGPT or Open WebUI export, whichever it is; 400 naming every problem. */
export function readExport(body: unknown): ImportedChat[] {
  const first: unknown = Array.isArray(body) ? body[0] : body;
  if (Array.isArray(body) && body.length === 0) return [];
  const problems = new Problems();
  let chats: ImportedChat[];
  if (typeof first === 'object' && first !== null && 'mapping' in first) {
    chats = chatsFromChatGpt(parse(chatgptExportSchema, body), problems);
  } else if (looksLikeOpenWebUi(first)) {
    chats = chatsFromOpenWebUi(parse(openWebUiExportSchema, openWebUiEntries(body)), problems);
  } else {
    problems.add(Array.isArray(body) ? '[0]' : 'body', 'is neither a ChatGPT conversation (with a mapping) nor an Open WebUI chat (with a history)');
    chats = [];
  }
  if (problems.any) refuse(problems);
  return chats;
}

/** The export's chats that this user has not imported before (nor exported from here): one per source. */
async function newChats(db: Db, actor: UserRow, chats: readonly ImportedChat[]): Promise<ImportedChat[]> {
  const keys = [...new Set(chats.map((c) => c.sourceKey))];
  const seen = new Set(await findImportKeys(db, actor.id, keys));
  // A Parley export names each chat by its id here: imported back into the same account, it is that chat.
  const ownIds = keys.filter((k) => k.startsWith(`${OWN_EXPORT_FORMAT}:`)).map((k) => k.slice(OWN_EXPORT_FORMAT.length + 1));
  for (const id of await findOwnChatIds(db, actor.id, ownIds)) seen.add(`${OWN_EXPORT_FORMAT}:${id}`);
  return chats.filter((chat) => {
    if (seen.has(chat.sourceKey)) return false;
    seen.add(chat.sourceKey);
    return true;
  });
}

/**
 * Imports the chats of an export as the actor's, all or none (one transaction); a chat imported
 * before (the same export, or the same chat in another) is skipped, so importing twice adds nothing.
 */
export async function importChats(db: Db, actor: UserRow, body: unknown): Promise<ImportResult> {
  const chats = readExport(body);
  // Two imports of one export at once: the database lets one through, and the other, tried
  // again, skips its chats. A body collected meanwhile fails its foreign key and is stored again.
  return retryOnRace(() => importOnce(db, actor, chats));
}

async function importOnce(db: Db, actor: UserRow, all: readonly ImportedChat[]): Promise<ImportResult> {
  return db.transaction().execute(async (trx) => {
    const chats = await newChats(trx, actor, all);
    const chatIds = chats.map(() => newId());
    const hashes = await putBodies(trx, chats.flatMap((c) => c.messages.map((m) => m.content)));
    const chatRows: NewChatRow[] = [];
    const messageRows: NewMessageRow[] = [];
    let h = 0;
    chats.forEach((chat, c) => {
      const chatId = chatIds[c] ?? newId();
      const ids = new Map(chat.messages.map((m) => [m.key, newId()]));
      chat.messages.forEach((m, seq) => {
        messageRows.push({
          id: ids.get(m.key) ?? newId(),
          chat_id: chatId,
          parent_id: m.parentKey === null ? null : (ids.get(m.parentKey) ?? null),
          seq,
          role: m.role,
          body_hash: hashes[h++] ?? '',
          model: m.model,
          status: 'complete',
          error: null,
          created_at: m.createdAt,
        });
      });
      chatRows.push({
        id: chatId,
        user_id: actor.id,
        title: chat.title,
        archived: chat.archived ? 1 : 0,
        pinned: chat.pinned ? 1 : 0,
        current_message_id: chat.currentKey === null ? null : (ids.get(chat.currentKey) ?? null),
        forked_from_share_id: null,
        base_snapshot_id: null,
        import_key: chat.sourceKey,
        created_at: chat.createdAt,
        updated_at: chat.updatedAt,
      });
    });
    await insertChats(trx, chatRows);
    await insertMessages(trx, messageRows);
    return { imported: chats.length, chatIds, skipped: all.length - chats.length };
  });
}
