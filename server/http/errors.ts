import type { FastifyError, FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { isDatabaseUnavailable, isLostRace } from '../db/errors.js';

/** The API's error codes, each with its one status. */
export const statusOf = {
  invalid_request: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  internal_error: 500,
  upstream_error: 502,
  service_unavailable: 503,
} as const;

export type ErrorCode = keyof typeof statusOf;

export interface FieldProblem {
  field: string;
  message: string;
}

export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly fields?: FieldProblem[],
  ) {
    super(message);
    this.name = 'AppError';
    this.status = statusOf[code];
  }
}

export class BadRequestError extends AppError {
  constructor(message: string, fields?: FieldProblem[]) {
    super('invalid_request', message, fields);
  }
}
export class UnauthenticatedError extends AppError {
  constructor(message = 'Sign in to continue.') {
    super('unauthenticated', message);
  }
}
export class ForbiddenError extends AppError {
  constructor(message = 'You are not allowed to do that.') {
    super('forbidden', message);
  }
}
export class NotFoundError extends AppError {
  constructor(message = 'Not Found') {
    super('not_found', message);
  }
}
export class ConflictError extends AppError {
  constructor(message: string) {
    super('conflict', message);
  }
}

/** Over a rate limit (rule S23); the reply says when to try again. */
export class RateLimitedError extends AppError {
  constructor(readonly retryAfterSeconds: number) {
    super('rate_limited', 'Too many attempts; wait a minute and try again.');
  }
}

/** A model server that is down, refused the request or answered with something unusable. */
export class UpstreamError extends AppError {
  constructor(message: string) {
    super('upstream_error', message);
  }
}

export interface ErrorBody {
  error: { code: ErrorCode; message: string; fields?: FieldProblem[] };
}

export function errorBody(code: ErrorCode, message: string, fields?: FieldProblem[]): ErrorBody {
  return { error: fields ? { code, message, fields } : { code, message } };
}

/** Fastify's own errors for bad requests, translated to the API's codes. */
function fromFastifyError(error: FastifyError): AppError | null {
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new AppError('too_large', 'The request body is too large.');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new AppError('unsupported_media_type', 'Send the request body as application/json.');
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new BadRequestError('The request body is empty; send a JSON object.');
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return new BadRequestError('The request body is not valid JSON.');
    default:
      break;
  }
  if (error instanceof SyntaxError) return new BadRequestError('The request body is not valid JSON.');
  const status = error.statusCode ?? 500;
  if (status < 400 || status >= 500) return null;
  const code = (Object.keys(statusOf) as ErrorCode[]).find((c) => statusOf[c] === status) ?? 'invalid_request';
  return new AppError(code, error.message);
}

/** One error handler: every error leaves as `{"error": {"code", "message"}}`; unknown ones as a bare 500. */
export function registerErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    let appError: AppError | null = null;
    if (error instanceof AppError) {
      appError = error;
    } else if (hasZodFastifySchemaValidationErrors(error)) {
      const where = error.validationContext ?? 'body';
      const fields = error.validation.map((v) => ({ field: fieldName(where, v), message: v.message ?? 'is invalid' }));
      appError = new BadRequestError(`Invalid ${where}: ${describe(fields)}`, fields);
    } else if (isDatabaseUnavailable(error)) {
      // PostgreSQL restarting or out of reach: say so, and serve again once it is back.
      request.log.warn({ err: error, route: request.routeOptions.url }, 'database unavailable');
      appError = new AppError('service_unavailable', 'The database is unavailable at the moment; try again shortly.');
    } else if (isLostRace(error)) {
      // A race the retries did not settle (docs/architecture.md, Faults): the other write won.
      request.log.warn({ err: error, route: request.routeOptions.url }, 'lost a race with another write');
      appError = new ConflictError('Another change to the same thing was made at the same time; try again.');
    } else if (error.code !== 'FST_ERR_RESPONSE_SERIALIZATION') {
      appError = fromFastifyError(error);
    }
    // Refused before its body was read (signed out, too large): close the connection rather
    // than drain what the client is still sending.
    if (!request.raw.complete) void reply.header('Connection', 'close');
    if (!appError) {
      request.log.error({ err: error, route: request.routeOptions.url }, 'unhandled error');
      return reply.status(500).send(errorBody('internal_error', 'Something went wrong on our side.'));
    }
    if (appError instanceof RateLimitedError) void reply.header('retry-after', String(appError.retryAfterSeconds));
    return reply.status(appError.status).send(errorBody(appError.code, appError.message, appError.fields));
  });
}

/** `messages.2.content`; for unknown fields, their names; for the whole body, where it was. */
function fieldName(where: string, problem: { instancePath: string; keyword: string; params: Record<string, unknown> }): string {
  const path = problem.instancePath.replace(/^\//, '').replaceAll('/', '.');
  const keys = problem.params.keys;
  if (problem.keyword === 'unrecognized_keys' && Array.isArray(keys)) {
    return keys.map((k) => (path ? `${path}.${String(k)}` : String(k))).join(', ');
  }
  return path || where;
}

function describe(fields: FieldProblem[]): string {
  return fields.map((f) => `${f.field}: ${f.message}`).join('; ');
}
