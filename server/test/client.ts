import type { App } from '../app.js';
import { TEST_PUBLIC_URL } from './harness.js';

export interface ApiResponse<T = unknown> {
  status: number;
  body: T;
  text: string;
  /** The body's bytes as sent (compressed ones too). */
  rawPayload: Buffer;
  /** Header values as strings; repeated headers joined with ', '. */
  headers: Record<string, string>;
  cookies: { name: string; value: string; httpOnly?: boolean; sameSite?: string; maxAge?: number; path?: string }[];
}

type Headers = Record<string, string>;

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'HEAD';

/**
 * Talks to the app through its HTTP pipeline, in-process, as a browser on the instance's own
 * origin would (with its session cookie), or as a script with an API key.
 */
export class ApiClient {
  constructor(
    private readonly app: App,
    readonly auth: { sessionToken?: string; apiKey?: string } = {},
  ) {}

  async request<T = unknown>(
    method: Method,
    url: string,
    options: { body?: unknown; rawBody?: string | Buffer; headers?: Headers } = {},
  ): Promise<ApiResponse<T>> {
    const headers: Headers = { origin: TEST_PUBLIC_URL, ...options.headers };
    if (this.auth.sessionToken) headers.cookie = `parley_session=${this.auth.sessionToken}`;
    if (this.auth.apiKey) headers.authorization = `Bearer ${this.auth.apiKey}`;
    let payload = options.rawBody;
    if (options.body !== undefined) {
      payload = JSON.stringify(options.body);
      headers['content-type'] ??= 'application/json';
    }
    const response = await this.app.inject({ method, url, headers, payload });
    const text = response.body;
    let body: unknown = text;
    if (String(response.headers['content-type'] ?? '').includes('application/json') && text !== '') {
      body = JSON.parse(text);
    }
    const responseHeaders: Record<string, string> = {};
    for (const [name, value] of Object.entries(response.headers)) {
      if (value !== undefined) responseHeaders[name] = Array.isArray(value) ? value.join(', ') : String(value);
    }
    return { status: response.statusCode, body: body as T, text, rawPayload: response.rawPayload, headers: responseHeaders, cookies: response.cookies };
  }

  get<T = unknown>(url: string, headers?: Headers) {
    return this.request<T>('GET', url, { headers });
  }
  post<T = unknown>(url: string, body?: unknown, headers?: Headers) {
    return this.request<T>('POST', url, { body, headers });
  }
  put<T = unknown>(url: string, body?: unknown, headers?: Headers) {
    return this.request<T>('PUT', url, { body, headers });
  }
  patch<T = unknown>(url: string, body?: unknown, headers?: Headers) {
    return this.request<T>('PATCH', url, { body, headers });
  }
  delete<T = unknown>(url: string, headers?: Headers) {
    return this.request<T>('DELETE', url, { headers });
  }

  /** A client that carries the session cookie the response set, as a browser would. */
  withSessionFrom(response: ApiResponse): ApiClient {
    const cookie = response.cookies.find((c) => c.name === 'parley_session');
    if (!cookie) throw new Error(`no session cookie in a ${response.status} response`);
    return new ApiClient(this.app, { sessionToken: cookie.value });
  }
}
