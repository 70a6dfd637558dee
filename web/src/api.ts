import type { ApiErrorBody, InstanceConfig, User } from '../../common/api';
import type {
  AdminSettings,
  AdminSettingsPatch,
  AdminShare,
  AdminUser,
  Chat,
  ChatPatch,
  ChatSummary,
  Message,
  Page,
  Share,
  ShareInput,
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

async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      credentials: 'same-origin',
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, 'network_error', 'Parley could not be reached. Check your connection and try again.');
  }
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  let data: unknown = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    // Not JSON (a proxy's error page, say): the status line is all there is to tell.
  }
  if (!response.ok) {
    const error = (data as Partial<ApiErrorBody> | null)?.error;
    const message = error?.message ?? `The server answered ${response.status} ${response.statusText}`.trim();
    throw new ApiError(response.status, error?.code ?? 'error', message, error?.fields);
  }
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

  listChats: (params: { archived?: boolean; q?: string; cursor?: string | null }) =>
    request<Page<ChatSummary>>('GET', `/api/v1/chats${query(params)}`),
  createChat: (input: { title?: string }) => request<{ chat: Chat }>('POST', '/api/v1/chats', input),
  getChat: (id: string) => request<{ chat: Chat }>('GET', `/api/v1/chats/${enc(id)}`),
  updateChat: (id: string, patch: ChatPatch) => request<{ chat: Chat }>('PATCH', `/api/v1/chats/${enc(id)}`, patch),
  deleteChat: (id: string) => request<undefined>('DELETE', `/api/v1/chats/${enc(id)}`),

  getChatShare: (chatId: string) => request<{ share: Share }>('GET', `/api/v1/chats/${enc(chatId)}/share`),
  shareChat: (chatId: string, input: ShareInput) => request<{ share: Share }>('PUT', `/api/v1/chats/${enc(chatId)}/share`, input),
  deleteChatShare: (chatId: string) => request<undefined>('DELETE', `/api/v1/chats/${enc(chatId)}/share`),
  listShares: (params: { q?: string; order: SortOrder; cursor?: string | null }) =>
    request<Page<Share>>('GET', `/api/v1/shares${query(params)}`),
  deleteShare: (shareId: string) => request<undefined>('DELETE', `/api/v1/shares/${enc(shareId)}`),
  deleteAllShares: () => request<{ deleted: number }>('DELETE', '/api/v1/shares'),

  adminSettings: () => request<AdminSettings>('GET', '/api/v1/admin/settings'),
  updateAdminSettings: (patch: AdminSettingsPatch) => request<AdminSettings>('PATCH', '/api/v1/admin/settings', patch),
  adminUsers: (params: { cursor?: string | null }) => request<Page<AdminUser>>('GET', `/api/v1/admin/users${query(params)}`),
  updateAdminUser: (id: string, patch: UserPatch) => request<{ user: AdminUser }>('PATCH', `/api/v1/admin/users/${enc(id)}`, patch),
  deleteAdminUser: (id: string) => request<undefined>('DELETE', `/api/v1/admin/users/${enc(id)}`),
  adminShares: (params: { q?: string; owner?: string; cursor?: string | null }) =>
    request<Page<AdminShare>>('GET', `/api/v1/admin/shares${query(params)}`),
  deleteAdminShare: (shareId: string) => request<undefined>('DELETE', `/api/v1/admin/shares/${enc(shareId)}`),
};

/**
 * Sends a prompt under `parentId` and gets the model's reply. The one place the composer talks to
 * the server: the streaming (SSE) version replaces this function's body when the server has it.
 */
export function sendMessage(
  chatId: string,
  input: { content: string; parentId: string | null },
): Promise<{ userMessage: Message; assistantMessage: Message }> {
  // No parentId: the server puts the prompt under the chat's current message (none yet in a new chat).
  const parent = input.parentId === null ? {} : { parentId: input.parentId };
  return request('POST', `/api/v1/chats/${enc(chatId)}/messages`, { content: input.content, ...parent, stream: false });
}

/** Only a path on this site may be a redirect target, never another origin. */
export function safeRedirect(target: string | null): string {
  if (target === null || !target.startsWith('/') || target.startsWith('//') || target.startsWith('/\\')) return '/';
  return target;
}

/** For API clients kept in their own modules (the community hub’s, lib/community-hub.ts). */
export { query, request };
