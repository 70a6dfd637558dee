import { isInlineImage, readBlob } from '../content/files.js';
import type { Attachment } from '../content/files.repository.js';
import type { ContentPart, ContextMessage } from '../llm/client.js';

/** The most text of one file that goes into a prompt. */
const MAX_TEXT_CHARS = 200_000;

/**
 * A message's files as the model reads them: images as `image_url` parts with a data URL of our
 * own bytes (no model server is ever sent a link to fetch), the text of text files in the prompt
 * under their names, and any other file named so the model knows it is there.
 */
export async function withFileParts(
  dataDir: string,
  messages: readonly { role: ContextMessage['role']; content: string; attachments: readonly Attachment[] }[],
): Promise<ContextMessage[]> {
  return Promise.all(
    messages.map(async (message): Promise<ContextMessage> => {
      if (message.attachments.length === 0) return { role: message.role, content: message.content };
      let text = message.content;
      const images: ContentPart[] = [];
      for (const file of message.attachments) {
        const bytes = await readBlob(dataDir, file.hash);
        if (bytes === null) {
          text += `\n\n[File "${file.name}" is no longer available]`;
        } else if (isInlineImage(file.mediaType)) {
          images.push({ type: 'image_url', image_url: { url: `data:${file.mediaType};base64,${bytes.toString('base64')}` } });
        } else if (file.mediaType === 'text/plain') {
          const body = bytes.toString('utf8');
          const cut = body.length > MAX_TEXT_CHARS ? `${body.slice(0, MAX_TEXT_CHARS)}\n[… cut at ${MAX_TEXT_CHARS} characters]` : body;
          text += `\n\nFile "${file.name}":\n\`\`\`\n${cut}\n\`\`\``;
        } else {
          text += `\n\n[Attached file "${file.name}" (${file.mediaType}), not readable as text]`;
        }
      }
      // Only the assistant's and the system's turns must stay plain text in the OpenAI format.
      if (images.length === 0 || message.role !== 'user') return { role: message.role, content: text };
      return { role: message.role, content: [...(text === '' ? [] : [{ type: 'text' as const, text }]), ...images] };
    }),
  );
}
