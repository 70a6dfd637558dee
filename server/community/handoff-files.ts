import {
  HANDED_IMAGE_TYPES,
  MAX_HANDED_FILES,
  MAX_HANDOFF_URL_LENGTH,
  type HandedFile,
  type LeftOutFile,
} from '../../common/handoff.js';
import { threadTo } from '../../common/tree.js';
import { readBlob } from '../content/files.js';
import { nodeFileId } from '../content/files.repository.js';
import type { Snapshot } from '../content/snapshot.js';

/** What the hand-off knows of a file before reading it: from the blob row, decided by the bytes at upload. */
export interface FileFacts {
  mediaType: string;
  size: number;
}

/** Room kept free in the URL for what the web app's encoding may add around the JSON. */
const URL_MARGIN = 4096;

const jsonBytes = (value: unknown) => Buffer.byteLength(JSON.stringify(value), 'utf8');
const dataUrlLength = (file: FileFacts) => `data:${file.mediaType};base64,`.length + Math.ceil(file.size / 3) * 4;

/**
 * Chooses the snapshot's images the hand-off carries (docs/api.md, Community hub): images only
 * (png, jpeg, gif, webp), each distinct file once, the current thread's first, as many as fit in
 * the one URL the browser takes to the hub (`MAX_HANDOFF_URL_LENGTH`, less the text) and at most
 * `MAX_HANDED_FILES`. Every other file is named in `leftOut` with the reason.
 * `textJson` is the hand-off without files, as the web app will encode it.
 */
export async function handOffFiles(
  dataDir: string,
  snapshot: Snapshot,
  facts: ReadonlyMap<string, FileFacts>,
  uploadUrl: string,
  textJson: unknown,
): Promise<{ files: HandedFile[]; fileIdsOf: Map<string, string[]>; leftOut: LeftOutFile[] }> {
  const files: HandedFile[] = [];
  const fileIdsOf = new Map<string, string[]>();
  const leftOut: LeftOutFile[] = [];
  // JSON bytes the URL still has room for, after the text.
  let room = Math.floor(((MAX_HANDOFF_URL_LENGTH - uploadUrl.length - 1 - URL_MARGIN) * 3) / 4) - jsonBytes(textJson);
  const handed = new Map<string, string>();

  const thread = new Set(threadTo(snapshot.nodes, snapshot.currentNodeId).map((n) => n.id));
  const ordered = [...snapshot.nodes].sort((a, b) => Number(thread.has(b.id)) - Number(thread.has(a.id)) || a.seq - b.seq);
  for (const node of ordered) {
    for (const [position, file] of node.files.entries()) {
      const leaveOut = (reason: LeftOutFile['reason']) => {
        const entry = { messageId: node.id, name: file.name, reason };
        room -= jsonBytes(entry) + 1;
        leftOut.push(entry);
      };
      const key = `${file.hash}/${file.name}`;
      let id = handed.get(key);
      const fact = facts.get(file.hash);
      if (id === undefined) {
        if (!fact || !HANDED_IMAGE_TYPES.includes(fact.mediaType)) {
          leaveOut(fact ? 'not_an_image' : 'unavailable');
          continue;
        }
        if (files.length >= MAX_HANDED_FILES) {
          leaveOut('too_many');
          continue;
        }
        const candidateId = nodeFileId(node.id, position);
        // The entry in `files` with its data URL, and its id in the message's `fileIds`.
        const cost = jsonBytes({ id: candidateId, name: file.name, dataUrl: '' }) + dataUrlLength(fact) + 1 + candidateId.length + 16;
        if (cost > room) {
          leaveOut('too_large');
          continue;
        }
        const bytes = await readBlob(dataDir, file.hash);
        if (!bytes) {
          leaveOut('unavailable');
          continue;
        }
        id = candidateId;
        room -= cost;
        handed.set(key, id);
        files.push({ id, name: file.name, dataUrl: `data:${fact.mediaType};base64,${bytes.toString('base64')}` });
      } else {
        room -= id.length + 3;
      }
      fileIdsOf.set(node.id, [...(fileIdsOf.get(node.id) ?? []), id]);
    }
  }
  return { files, fileIdsOf, leftOut };
}
