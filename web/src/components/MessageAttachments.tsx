import { useState } from 'react';
import type { Attachment } from '../types';
import { Dialog } from './Dialog';
import { DownloadIcon } from './icons';
import { UserText } from './UserText';

/** The image types shown inline; anything else (SVG included) is a named download. */
const INLINE_IMAGES = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp']);

/** A message's files: images inline (click to enlarge in a dialog), other files as named download chips. */
export function MessageAttachments({ attachments, align = 'start' }: { attachments: Attachment[] | undefined; align?: 'start' | 'end' }) {
  const [enlarged, setEnlarged] = useState<Attachment | null>(null);
  if (!attachments || attachments.length === 0) return null;
  return (
    <div className={`flex max-w-[85%] flex-wrap gap-2 ${align === 'end' ? 'justify-end' : ''}`}>
      {attachments.map((file) =>
        INLINE_IMAGES.has(file.mediaType) ? (
          <button
            key={file.id}
            type="button"
            aria-label={`Enlarge ${file.name}`}
            onClick={() => setEnlarged(file)}
            className="overflow-hidden rounded-xl ring-1 ring-zinc-200 outline-none focus-visible:ring-2 focus-visible:ring-zinc-400 dark:ring-zinc-700"
          >
            <img src={file.url} alt={file.name} className="block max-h-60 max-w-full object-contain sm:max-w-xs" />
          </button>
        ) : (
          <a
            key={file.id}
            href={file.url}
            download={file.name}
            className="inline-flex items-center gap-1.5 rounded-full bg-zinc-100 px-3 py-1.5 text-sm ring-1 ring-zinc-200 hover:bg-zinc-200 dark:bg-zinc-800 dark:ring-zinc-700 dark:hover:bg-zinc-700"
          >
            <DownloadIcon />
            <span className="max-w-48 truncate"><UserText>{file.name}</UserText></span>
          </a>
        ),
      )}
      {enlarged && (
        <Dialog title={enlarged.name} onClose={() => setEnlarged(null)} size="lg">
          <img src={enlarged.url} alt={enlarged.name} className="mx-auto max-h-[75vh] max-w-full object-contain" />
        </Dialog>
      )}
    </div>
  );
}
