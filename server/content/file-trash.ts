import type { Db } from '../db/database.js';
import { removeBlob } from './files.js';
import { blobExists, clearTrash, listTrash } from './files.repository.js';

const BATCH = 200;

/**
 * Removes from disk the bytes whose blob rows were collected (references.ts puts their hashes in
 * `file_trash` in the same transaction), unless an upload brought the hash back meanwhile.
 * Run after the transaction has committed; a failed removal stays in the trash for the next run.
 */
export async function sweepFileTrash(db: Db, dataDir: string): Promise<number> {
  let removed = 0;
  for (;;) {
    const hashes = await listTrash(db, BATCH);
    for (const hash of hashes) {
      if (await blobExists(db, hash)) continue;
      await removeBlob(dataDir, hash);
      removed += 1;
    }
    await clearTrash(db, hashes);
    if (hashes.length < BATCH) return removed;
  }
}
