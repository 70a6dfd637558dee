import type { UploadedFile } from '../../common/api/files.js';
import type { ApiClient, ApiResponse } from './client.js';

/** A 1×1 PNG, the smallest real image. */
export const PNG_1X1 = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');

/** A different 1×1 PNG (another colour), for a second distinct image. */
export const PNG_1X1_RED = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC', 'base64');

/** POST /api/v1/files with the bytes as the body, as the web app sends them. */
export function postFile(client: ApiClient, bytes: Buffer | string, name: string, contentType = 'application/octet-stream'): Promise<ApiResponse<{ file: UploadedFile }>> {
  return client.request<{ file: UploadedFile }>('POST', '/api/v1/files', {
    rawBody: bytes,
    headers: { 'content-type': contentType, 'x-file-name': encodeURIComponent(name) },
  });
}

/** Uploads and returns the file, failing the test on anything but 201. */
export async function uploadTestFile(client: ApiClient, bytes: Buffer | string = PNG_1X1, name = 'pixel.png'): Promise<UploadedFile> {
  const reply = await postFile(client, bytes, name);
  if (reply.status !== 201) throw new Error(`upload: ${reply.status} ${reply.text}`);
  return reply.body.file;
}
