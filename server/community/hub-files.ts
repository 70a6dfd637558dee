import type { HandedSnapshot } from '../../common/api/community.js';
import { HANDED_IMAGE_TYPES } from '../../common/handoff.js';
import { blobOnDisk, fileHash, writeBlob } from '../content/files.js';
import { trashBlobs } from '../content/files.repository.js';
import type { NodeFile } from '../content/snapshot.js';
import type { Db } from '../db/database.js';
import { checkFileBytes, cleanFileName } from '../files/files.service.js';
import { AppError, BadRequestError } from '../http/errors.js';
import type { Settings } from '../settings/settings.schema.js';

/** An image of a hub upload, checked by its bytes. */
export interface HubFile {
  hash: string;
  name: string;
  mediaType: string;
  bytes: Buffer;
}

const DATA_URL = /^data:([a-z0-9.+-]+\/[a-z0-9.+-]+);base64,([A-Za-z0-9+/]*={0,2})$/i;

function decodeDataUrl(dataUrl: string, field: string): { claimed: string; bytes: Buffer } {
  const match = DATA_URL.exec(dataUrl);
  const base64 = match?.[2];
  const claimed = match?.[1];
  if (base64 === undefined || claimed === undefined || base64.length % 4 !== 0) {
    throw new BadRequestError('Each file must be a base64 data URL (data:image/png;base64,…).', [{ field, message: 'is not a base64 data URL' }]);
  }
  const bytes = Buffer.from(base64, 'base64');
  if (bytes.length === 0) throw new BadRequestError('A file is empty.', [{ field, message: 'is empty' }]);
  return { claimed: claimed.toLowerCase(), bytes };
}

/**
 * The upload's images by their ids in `snapshot.files` (docs/api.md, Community hub), each checked
 * like every upload (the hub's size and type limits, the type decided by the bytes, rule S21), and
 * refused unless it is an image of the type its data URL claims. Messages must name files of the list.
 */
export async function checkHubFiles(limits: Settings['files'], snapshot: HandedSnapshot): Promise<Map<string, HubFile>> {
  const files = new Map<string, HubFile>();
  for (const [i, file] of (snapshot.files ?? []).entries()) {
    if (files.has(file.id)) throw new BadRequestError('File ids must be unique.', [{ field: `snapshot.files.${i}.id`, message: 'is repeated' }]);
    const field = `snapshot.files.${i}.dataUrl`;
    const { claimed, bytes } = decodeDataUrl(file.dataUrl, field);
    const mediaType = await checkFileBytes(limits, bytes, field);
    if (mediaType !== claimed) {
      throw new BadRequestError(`A file claims to be ${claimed} but its bytes are ${mediaType}.`, [{ field, message: `is ${mediaType}, not ${claimed}` }]);
    }
    if (!HANDED_IMAGE_TYPES.includes(mediaType)) {
      throw new AppError('unsupported_media_type', 'The hub takes png, jpeg, gif and webp images only.', [{ field, message: `is ${mediaType}` }]);
    }
    files.set(file.id, { hash: fileHash(bytes), name: cleanFileName(file.name), mediaType, bytes });
  }
  snapshot.messages.forEach((m, i) => {
    (m.fileIds ?? []).forEach((id, j) => {
      if (!files.has(id)) {
        throw new BadRequestError('A message names a file the upload does not carry.', [
          { field: `snapshot.messages.${i}.fileIds.${j}`, message: 'names no file of snapshot.files' },
        ]);
      }
    });
  });
  return files;
}

/** A message's files as its snapshot node refers to them: by hash, with their names. */
export function nodeFilesOf(files: ReadonlyMap<string, HubFile>, fileIds: readonly string[] | undefined): NodeFile[] {
  return (fileIds ?? []).flatMap((id) => {
    const file = files.get(id);
    return file ? [{ hash: file.hash, name: file.name }] : [];
  });
}

/**
 * Runs `store` with the files' bytes on disk: written before (the rows that name them are written
 * by `store`), written again if a sweep of the same hashes took them meanwhile, and put in the trash
 * when `store` fails, so no bytes stay on disk that no row names.
 */
export async function withBlobsOnDisk<T>(db: Db, dataDir: string, files: readonly HubFile[], store: () => Promise<T>): Promise<T> {
  const unique = [...new Map(files.map((f) => [f.hash, f])).values()];
  for (const file of unique) await writeBlob(dataDir, file.hash, file.bytes);
  let result: T;
  try {
    result = await store();
  } catch (error) {
    await trashBlobs(db, unique.map((f) => f.hash));
    throw error;
  }
  for (const file of unique) if (!(await blobOnDisk(dataDir, file.hash))) await writeBlob(dataDir, file.hash, file.bytes);
  return result;
}
