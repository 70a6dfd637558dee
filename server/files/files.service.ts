import type { Config } from '../config.js';
import { blobOnDisk, fileHash, readBlob, sniffMediaType, typeAllowed, writeBlob } from '../content/files.js';
import { findOwnFile, insertFile, isAttached, type StoredFile } from '../content/files.repository.js';
import { collectContent } from '../content/references.js';
import type { Db } from '../db/database.js';
import type { UserRow } from '../db/schema.js';
import { AppError, BadRequestError, ConflictError, NotFoundError } from '../http/errors.js';
import type { Settings } from '../settings/settings.schema.js';
import type { SettingsStore } from '../settings/settings.service.js';

type FileSettings = Settings['files'];

export interface FileDeps {
  db: Db;
  config: Config;
  settings: SettingsStore;
}

function megabytes(bytes: number): string {
  return `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MB`;
}

/** Over the admin's size limit: 413 before or after the body is read. */
export function tooLarge(maxBytes: number): AppError {
  return new AppError('too_large', `Files may be at most ${megabytes(maxBytes)}.`);
}

/** A file name without paths or control characters, at most 255 characters. */
export function cleanFileName(raw: string | undefined): string {
  let name = raw ?? '';
  try {
    name = decodeURIComponent(name);
  } catch (error) {
    if (!(error instanceof URIError)) throw error;
  }
  const printable = name.replace(/\p{Cc}/gu, '');
  name = printable.split(/[\\/]/).at(-1)?.trim() ?? '';
  return name === '' ? 'file' : name.slice(0, 255);
}

/**
 * What every upload's bytes go through (rule S21): within the admin's size limit (413), of a type
 * the admin allows (415), the type decided by the bytes alone. Returns that type. `field` names the
 * body's field in the error, for bytes that came inside a JSON body.
 */
export async function checkFileBytes(limits: FileSettings, bytes: Uint8Array, field?: string): Promise<string> {
  const fields = (message: string) => (field === undefined ? undefined : [{ field, message }]);
  if (bytes.length > limits.maxBytes) throw new AppError('too_large', tooLarge(limits.maxBytes).message, fields('is too large'));
  const mediaType = await sniffMediaType(bytes);
  if (!typeAllowed(mediaType, limits.allowedTypes)) {
    throw new AppError('unsupported_media_type', `Files of type ${mediaType} are not allowed on this instance.`, fields(`is ${mediaType}`));
  }
  return mediaType;
}

/**
 * Stores an upload of the actor's (rule S21): within the admin's size and type limits, the type
 * decided by the bytes, the bytes stored once by hash however many uploads carry them.
 */
export async function uploadFile(deps: FileDeps, actor: UserRow, input: { name: string; bytes: Buffer }): Promise<StoredFile> {
  const limits = (await deps.settings.read(deps.db)).files;
  if (input.bytes.length === 0) throw new BadRequestError('The file is empty; send its bytes as the request body.');
  const mediaType = await checkFileBytes(limits, input.bytes);
  const hash = fileHash(input.bytes);
  await writeBlob(deps.config.dataDir, hash, input.bytes);
  const file = await deps.db.transaction().execute((trx) =>
    insertFile(trx, { userId: actor.id, hash, name: input.name, mediaType, size: input.bytes.length }),
  );
  // A collection of the same bytes that ran between the write and the insert took them from the disk.
  if (!(await blobOnDisk(deps.config.dataDir, hash))) await writeBlob(deps.config.dataDir, hash, input.bytes);
  return file;
}

/** The actor's own upload with its bytes; another user's is not found. */
export async function readOwnFile(deps: FileDeps, actor: UserRow, fileId: string): Promise<{ file: StoredFile; bytes: Buffer }> {
  const file = await findOwnFile(deps.db, actor.id, fileId);
  const bytes = file ? await readBlob(deps.config.dataDir, file.hash) : null;
  if (!file || !bytes) throw new NotFoundError('File not found.');
  return { file, bytes };
}

/** Deletes an upload of the actor's that no message carries (the composer's remove button). */
export async function deleteOwnFile(db: Db, actor: UserRow, fileId: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const file = await findOwnFile(trx, actor.id, fileId);
    if (!file) throw new NotFoundError('File not found.');
    if (await isAttached(trx, file.id)) throw new ConflictError('The file is attached to a message; delete the chat to remove it.');
    await collectContent(trx, { files: [file.id] });
  });
}
