import type { ApiErrorBody, InstanceConfig, User } from './types';
import type { z } from 'zod';
import type { replyEvents } from '../../common/api/messages';
import { serverEvents } from './lib/sse';
import type {
  AdminSettings,
  ApiKey,
  ApiKeyInput,
  AdminSettingsPatch,
  AdminShare,
  AdminUser,
  Chat,
  ChatPatch,
  ChatSummary,
  CommunityHandoff,
  ConnectionTestInput,
  ImportResult,
  UploadedFile,
  Message,
  ModelOption,
  Page,
  ReplyEnd,
  ReplyPair,
  Share,
  ShareInput,
  ShareSettingsInput,
  SortOrder,
  UserPatch,
} from './types';

/** An error the API answered, with its code and its words for the user. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** Which fields of the request were wrong, and why (400 invalid_request). */
    readonly fields: { field: string; message: string }[] = [],
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

const UNREACHABLE = 'Parley could not be reached. Check your connection and try again.';

/** The body of an answer as JSON; null when empty or not JSON (a proxy's error page, say). */
function parseJson(text: string): unknown {
  try {
    return text ? JSON.parse(text) : null;
  } catch {
    return null;
  }
}

/** The API's error for a failed answer, in its words, or the status line when it gave none. */
function apiError(status: number, statusText: string, data: unknown): ApiError {
  const error = (data as Partial<ApiErrorBody> | null)?.error;
  const message = error?.message ?? `The server answered ${status} ${statusText}`.trim();
  return new ApiError(status, error?.code ?? 'error', message, error?.fields);
}

async function send(method: string, path: string, body: unknown, signal?: AbortSignal): Promise<Response> {
  try {
    return await fetch(path, {
      method,
      credentials: 'same-origin',
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal,
    });
  } catch (error) {
    if (signal?.aborted) throw error;
    throw new ApiError(0, 'network_error', UNREACHABLE);
  }
}

async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
  const response = await send(method, path, body);
  if (response.status === 204) return undefined as T;
  const data = parseJson(await response.text());
  if (!response.ok) throw apiError(response.status, response.statusText, data);
  return data as T;
}

/** `?a=1&b=x` from the defined, non-empty values. */
function query(params: Record<string, string | number | boolean | null | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

const enc = encodeURIComponent;

export const api = {
  config: () => request<InstanceConfig>('GET', '/api/v1/config'),
  me: () => request<{ user: User }>('GET', '/api/v1/auth/me'),
  signIn: (input: { email: string; password: string }) => request<{ user: User }>('POST', '/api/v1/auth/signin', input),
  signUp: (input: { email: string; password: string; name: string }) =>
    request<{ user: User }>('POST', '/api/v1/auth/signup', input),
  signOut: () => request<undefined>('POST', '/api/v1/auth/signout'),
  apiKeys: () => request<{ items: ApiKey[] }>('GET', '/api/v1/auth/api-keys'),
  createApiKey: (input: ApiKeyInput) => request<ApiKey & { key: string }>('POST', '/api/v1/auth/api-keys', input),
  revokeApiKey: (id: string) => request<undefined>('DELETE', `/api/v1/auth/api-keys/${enc(id)}`),

  listChats: (params: { archived?: boolean; q?: string; cursor?: string | null }) =>
    request<Page<ChatSummary>>('GET', `/api/v1/chats${query(params)}`),
  createChat: (input: { title?: string }) => request<{ chat: Chat }>('POST', '/api/v1/chats', input),
  getChat: (id: string) => request<{ chat: Chat }>('GET', `/api/v1/chats/${enc(id)}`),
  updateChat: (id: string, patch: ChatPatch) => request<{ chat: Chat }>('PATCH', `/api/v1/chats/${enc(id)}`, patch),
  deleteChat: (id: string) => request<undefined>('DELETE', `/api/v1/chats/${enc(id)}`),
  deleteAllChats: () => request<{ deleted: number }>('DELETE', '/api/v1/chats'),
  deleteUpload: (id: string) => request<undefined>('DELETE', `/api/v1/files/${enc(id)}`),

  getChatShare: (chatId: string) => request<{ share: Share }>('GET', `/api/v1/chats/${enc(chatId)}/share`),
  shareChat: (chatId: string, input: ShareInput) => request<{ share: Share }>('PUT', `/api/v1/chats/${enc(chatId)}/share`, input),
  deleteChatShare: (chatId: string) => request<undefined>('DELETE', `/api/v1/chats/${enc(chatId)}/share`),
  listShares: (params: { q?: string; order: SortOrder; cursor?: string | null }) =>
    request<Page<Share>>('GET', `/api/v1/shares${query(params)}`),
  updateShare: (shareId: string, patch: ShareSettingsInput) =>
    request<{ share: Share }>('PATCH', `/api/v1/shares/${enc(shareId)}`, patch),
  deleteShare: (shareId: string) => request<undefined>('DELETE', `/api/v1/shares/${enc(shareId)}`),
  deleteAllShares: () => request<{ deleted: number }>('DELETE', '/api/v1/shares'),
  forkShare: (shareId: string) => request<{ chatId: string }>('POST', `/api/v1/shares/${enc(shareId)}/fork`),

  adminSettings: () => request<AdminSettings>('GET', '/api/v1/admin/settings'),
  updateAdminSettings: (patch: AdminSettingsPatch) => request<AdminSettings>('PATCH', '/api/v1/admin/settings', patch),
  adminUsers: (params: { cursor?: string | null }) => request<Page<AdminUser>>('GET', `/api/v1/admin/users${query(params)}`),
  updateAdminUser: (id: string, patch: UserPatch) => request<{ user: AdminUser }>('PATCH', `/api/v1/admin/users/${enc(id)}`, patch),
  deleteAdminUser: (id: string) => request<undefined>('DELETE', `/api/v1/admin/users/${enc(id)}`),
  adminShares: (params: { q?: string; owner?: string; cursor?: string | null }) =>
    request<Page<AdminShare>>('GET', `/api/v1/admin/shares${query(params)}`),
  deleteAdminShare: (shareId: string) => request<undefined>('DELETE', `/api/v1/admin/shares/${enc(shareId)}`),
  testConnection: (input: ConnectionTestInput) =>
    request<{ items: { id: string; name: string }[] }>('POST', '/api/v1/admin/connections/test', input),

  models: () => request<{ items: ModelOption[] }>('GET', '/api/v1/models'),
  stopReply: (chatId: string, messageId: string) =>
    request<{ message: Message }>('POST', `/api/v1/chats/${enc(chatId)}/messages/${enc(messageId)}/stop`),
  communityHandoff: (chatId: string) => request<CommunityHandoff>('POST', `/api/v1/chats/${enc(chatId)}/share/community`),
};

/** The data of a reply stream's event, as the contract gives it. */
type ReplyEventData<K extends keyof typeof replyEvents> = z.infer<(typeof replyEvents)[K]>;

/** What a streamed reply tells as it goes: its messages once stored, then each piece of text. */
export interface ReplyListener {
  onStart: (pair: ReplyPair) => void;
  onDelta: (content: string) => void;
}

/**
 * Posts a request that answers with a reply stream (API: `event: message`, `delta`…, then `done` or
 * `error`) and relays it. Errors before the reply starts (400, 404, 409, 502, 503) are thrown as
 * ApiError; a reply that fails or is stopped once started ends with its `failure`.
 */
async function streamReply(path: string, body: object, listener: ReplyListener, signal: AbortSignal): Promise<ReplyEnd> {
  const response = await send('POST', path, { ...body, stream: true }, signal);
  if (!response.ok) throw apiError(response.status, response.statusText, parseJson(await response.text()));
  if (!response.body) throw new ApiError(0, 'stream_error', 'The reply came back without a body.');
  try {
    for await (const { event, data } of serverEvents(response.body)) {
      switch (event) {
        case 'message':
          listener.onStart(JSON.parse(data) as ReplyEventData<'message'>);
          break;
        case 'delta':
          listener.onDelta((JSON.parse(data) as ReplyEventData<'delta'>).content);
          break;
        case 'done':
          return { message: (JSON.parse(data) as ReplyEventData<'done'>).message, failure: null };
        case 'error': {
          const { message, error } = JSON.parse(data) as ReplyEventData<'error'>;
          return { message, failure: error };
        }
        default:
          // An event this version does not know: newer servers may add some.
          break;
      }
    }
  } catch (error) {
    if (signal.aborted) throw error;
    throw new ApiError(0, 'network_error', 'The connection to Parley was lost before the reply was complete.');
  }
  throw new ApiError(0, 'network_error', 'The reply stream ended before the reply was complete.');
}

/**
 * Sends a prompt and streams the model's reply. `parentId`: undefined puts the prompt under the
 * chat's current message, null starts a new first message (editing the first prompt).
 */
export function sendMessage(
  chatId: string,
  input: { content: string; parentId?: string | null; model?: string; attachments?: string[] },
  listener: ReplyListener,
  signal: AbortSignal,
): Promise<ReplyEnd> {
  return streamReply(`/api/v1/chats/${enc(chatId)}/messages`, input, listener, signal);
}

/** Writes a new reply beside `messageId` (same prompt), streamed. */
export function regenerateReply(
  chatId: string,
  messageId: string,
  input: { model?: string },
  listener: ReplyListener,
  signal: AbortSignal,
): Promise<ReplyEnd> {
  return streamReply(`/api/v1/chats/${enc(chatId)}/messages/${enc(messageId)}/regenerate`, input, listener, signal);
}

/**
 * Imports a ChatGPT `conversations.json` or an Open WebUI export: the file goes as it is (the
 * server reads and checks it), with XMLHttpRequest because fetch cannot report upload progress.
 */
export function importChats(file: Blob, onProgress: (fraction: number) => void): Promise<ImportResult> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', '/api/v1/chats/import');
    xhr.setRequestHeader('content-type', 'application/json');
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable && event.total > 0) onProgress(event.loaded / event.total);
    };
    xhr.onload = () => {
      const data = parseJson(xhr.responseText);
      if (xhr.status >= 200 && xhr.status < 300) resolve(data as ImportResult);
      else reject(apiError(xhr.status, xhr.statusText, data));
    };
    xhr.onerror = () => reject(new ApiError(0, 'network_error', UNREACHABLE));
    xhr.send(file);
  });
}

/**
 * Uploads a file or image to attach to a message: the bytes as the body, the name in a header,
 * with XMLHttpRequest for the progress bar. `signal` cancels it (the composer's remove button).
 */
export function uploadFile(file: Blob, name: string, onProgress: (fraction: number) => void, signal: AbortSignal): Promise<UploadedFile> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', '/api/v1/files');
    xhr.setRequestHeader('content-type', 'application/octet-stream');
    xhr.setRequestHeader('x-file-name', encodeURIComponent(name));
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable && event.total > 0) onProgress(event.loaded / event.total);
    };
    xhr.onload = () => {
      const data = parseJson(xhr.responseText);
      if (xhr.status >= 200 && xhr.status < 300) resolve((data as { file: UploadedFile }).file);
      else reject(apiError(xhr.status, xhr.statusText, data));
    };
    xhr.onerror = () => reject(new ApiError(0, 'network_error', UNREACHABLE));
    xhr.onabort = () => reject(new ApiError(0, 'aborted', 'The upload was cancelled.'));
    signal.addEventListener('abort', () => xhr.abort(), { once: true });
    xhr.send(file);
  });
}

/** Only a path on this site may be a redirect target, never another origin. */
export function safeRedirect(target: string | null): string {
  if (target === null || !target.startsWith('/') || target.startsWith('//') || target.startsWith('/\\')) return '/';
  return target;
}

/** For API clients kept in their own modules (the community hub’s, lib/community-hub.ts). */
export { query, request };
