import type { FastifyInstance, preValidationHookHandler } from 'fastify';
import { BadRequestError } from './errors.js';
import { prependHook } from './route-hooks.js';

const NUL_MESSAGE = 'must not contain the NUL character (U+0000)';

/**
 * Refuses text that holds the NUL character (U+0000) anywhere in a request's query or JSON body,
 * before any route sees it. PostgreSQL cannot store NUL in text at all (every such write failed
 * with 500), and SQLite could: refusing it on both keeps the dialects alike (docs/api.md, Input).
 */
export function registerNulCheck(app: FastifyInstance): void {
  // A synchronous hook, on the API's routes only: the share page's own query (`?v=`) is not the
  // API's, and any odd value there shows the current thread.
  const check: preValidationHookHandler = (request, _reply, done) => {
    // An upload's body is bytes, not text (POST /api/v1/files): NUL is a byte like any other there.
    const body = Buffer.isBuffer(request.body) ? undefined : request.body;
    for (const [where, value] of [['query', request.query], ['body', body]] as const) {
      const field = fieldWithNul(value);
      if (field === null) continue;
      const name = field === '' ? where : field;
      done(new BadRequestError(`Invalid ${where}: ${name}: ${NUL_MESSAGE}`, [{ field: name, message: NUL_MESSAGE }]));
      return;
    }
    done();
  };
  app.addHook('onRoute', (route) => {
    if (route.url.startsWith('/api/')) route.preValidation = prependHook(route.preValidation, check);
  });
}

/**
 * The path (`messages.2.content`) of the first string or object key with a NUL in it ('' for the
 * value itself), or null. Walks without recursion: a body may be nested thousands of levels deep.
 */
function fieldWithNul(value: unknown): string | null {
  const pending: { value: unknown; path: string }[] = [{ value, path: '' }];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const { value: current, path } = next;
    if (typeof current === 'string') {
      if (current.includes('\u0000')) return path;
    } else if (typeof current === 'object' && current !== null) {
      for (const [key, child] of Object.entries(current)) {
        const childPath = path === '' ? key : `${path}.${key}`;
        if (key.includes('\u0000')) return childPath;
        pending.push({ value: child, path: childPath });
      }
    }
  }
  return null;
}
