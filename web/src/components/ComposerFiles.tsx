import { useEffect, useRef, useState } from 'react';
import { api, uploadFile } from '../api';
import type { UploadedFile } from '../types';
import { CloseIcon } from './icons';

/** A file picked, dropped or pasted into the composer: uploading, uploaded, or refused. */
export interface PendingFile {
  key: number;
  name: string;
  /** An object URL of the image, for its preview. */
  preview: string | null;
  progress: number;
  uploaded: UploadedFile | null;
  error: string | null;
  controller: AbortController;
}

let keys = 0;

/** The composer's attachments: each file is uploaded as soon as it is added, with its progress. */
export function usePendingFiles() {
  const [files, setFiles] = useState<PendingFile[]>([]);
  const filesRef = useRef(files);
  filesRef.current = files;

  useEffect(
    () => () => {
      for (const file of filesRef.current) if (file.preview) URL.revokeObjectURL(file.preview);
    },
    [],
  );

  const update = (key: number, change: Partial<PendingFile>) => setFiles((list) => list.map((f) => (f.key === key ? { ...f, ...change } : f)));

  const add = (picked: Iterable<File>) => {
    for (const file of picked) {
      keys += 1;
      const key = keys;
      // A pasted screenshot is named "image.png" by the browser; say what it is.
      const name = file.name === '' || file.name === 'image.png' ? `Screenshot ${new Date().toISOString().slice(0, 19).replace('T', ' ')}.png` : file.name;
      const pending: PendingFile = {
        key,
        name,
        preview: file.type.startsWith('image/') ? URL.createObjectURL(file) : null,
        progress: 0,
        uploaded: null,
        error: null,
        controller: new AbortController(),
      };
      setFiles((list) => [...list, pending]);
      uploadFile(file, name, (progress) => update(key, { progress }), pending.controller.signal).then(
        (uploaded) => update(key, { uploaded, progress: 1 }),
        (error: unknown) => {
          if (!pending.controller.signal.aborted) update(key, { error: error instanceof Error ? error.message : String(error) });
        },
      );
    }
  };

  const remove = (key: number) => {
    const file = filesRef.current.find((f) => f.key === key);
    if (!file) return;
    file.controller.abort();
    if (file.preview) URL.revokeObjectURL(file.preview);
    // An upload no message carries is deleted at once, not kept.
    if (file.uploaded) void api.deleteUpload(file.uploaded.id).catch(() => undefined);
    setFiles((list) => list.filter((f) => f.key !== key));
  };

  /** Forgets the files once sent (their previews go; the uploads now belong to the message). */
  const clear = () => {
    for (const file of filesRef.current) if (file.preview) URL.revokeObjectURL(file.preview);
    setFiles([]);
  };

  return { files, add, remove, clear, uploading: files.some((f) => f.uploaded === null && f.error === null) };
}

/** The attachments above the prompt: a preview or a name, a progress bar while uploading, a remove button. */
export function PendingFiles({ files, onRemove }: { files: PendingFile[]; onRemove: (key: number) => void }) {
  if (files.length === 0) return null;
  return (
    <ul aria-label="Attachments" className="flex flex-wrap gap-2 px-1 pb-2">
      {files.map((file) => (
        <li key={file.key} className="relative flex w-28 flex-col gap-1 rounded-xl bg-white p-1.5 text-xs ring-1 ring-zinc-200 dark:bg-zinc-800 dark:ring-zinc-700">
          {file.preview ? (
            <img src={file.preview} alt={`Preview of ${file.name}`} className="h-16 w-full rounded-lg object-cover" />
          ) : (
            <span className="flex h-16 items-center justify-center rounded-lg bg-zinc-100 px-1 text-center break-all dark:bg-zinc-900">{file.name}</span>
          )}
          <span className="truncate" title={file.name}>
            {file.name}
          </span>
          {file.error ? (
            <span role="alert" className="text-red-600 dark:text-red-400">
              {file.error}
            </span>
          ) : file.uploaded === null ? (
            <progress aria-label={`Uploading ${file.name}`} value={file.progress} max={1} className="h-1.5 w-full" />
          ) : null}
          <button
            type="button"
            aria-label={`Remove ${file.name}`}
            title="Remove"
            onClick={() => onRemove(file.key)}
            className="absolute -top-2 -right-2 inline-flex size-6 items-center justify-center rounded-full bg-zinc-900 text-white dark:bg-zinc-100 dark:text-zinc-900"
          >
            <CloseIcon />
          </button>
        </li>
      ))}
    </ul>
  );
}
