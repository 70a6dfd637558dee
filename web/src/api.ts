import type { ApiErrorBody, InstanceConfig, User } from '../../common/api';

/** An error the API answered, with its code and its words for the user. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(path, {
    method,
    credentials: 'same-origin',
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  const data: unknown = text ? JSON.parse(text) : null;
  if (!response.ok) {
    const error = (data as Partial<ApiErrorBody> | null)?.error;
    throw new ApiError(response.status, error?.code ?? 'error', error?.message ?? `Request failed (${response.status})`);
  }
  return data as T;
}

export const api = {
  config: () => request<InstanceConfig>('GET', '/api/v1/config'),
  me: () => request<{ user: User }>('GET', '/api/v1/auth/me'),
  signIn: (input: { email: string; password: string }) => request<{ user: User }>('POST', '/api/v1/auth/signin', input),
  signUp: (input: { email: string; password: string; name: string }) =>
    request<{ user: User }>('POST', '/api/v1/auth/signup', input),
  signOut: () => request<undefined>('POST', '/api/v1/auth/signout'),
};

/** Only a path on this site may be a redirect target, never another origin. */
export function safeRedirect(target: string | null): string {
  if (target === null || !target.startsWith('/') || target.startsWith('//') || target.startsWith('/\\')) return '/';
  return target;
}
