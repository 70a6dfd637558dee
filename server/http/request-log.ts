import { hostname } from 'node:os';
import type { FastifyBaseLogger, FastifyInstance, FastifyReply, FastifyRequest, onResponseHookHandler } from 'fastify';
import { levels, type Bindings, type ChildLoggerOptions, type DestinationStream } from 'pino';
import type { Config } from '../config.js';
import { appendHook } from './route-hooks.js';

/**
 * One log line per request with the route's pattern, never its URL: URLs can hold share ids (S15).
 * The line is the one pino writes for `request.log.info({ method, route, status, ms }, 'request')`,
 * the same keys in the same order, but formatted here from parts computed once (the route's
 * pattern is escaped when the route is added) and handed to the log's destination directly: through
 * pino, the line and its per-request child logger cost more than the rest of a small request
 * (docs/architecture.md, Logging). Each route gets its own synchronous hook, which knows its pattern;
 * requests that no route answers are logged by one hook of the not-found handler's.
 */
export function registerRequestLog(app: FastifyInstance, destination: DestinationStream, level: Config['logLevel']): void {
  // pino's numbers for its levels ('silent' has none: nothing is logged).
  const info = levels.values.info ?? 30;
  if ((levels.values[level] ?? Infinity) > info) return;
  const head = `{"level":${info},"time":`;
  const bindings = `,"pid":${process.pid},"hostname":${JSON.stringify(hostname())},"reqId":`;
  const line = (request: FastifyRequest, reply: FastifyReply, route: string): string =>
    `${head}${Date.now()}${bindings}${JSON.stringify(request.id)},"method":${JSON.stringify(request.method)},"route":${route},"status":${reply.statusCode},"ms":${Math.round(reply.elapsedTime)},"msg":"request"}\n`;
  app.addHook('onRoute', (route) => {
    const pattern = JSON.stringify(route.url);
    const log: onResponseHookHandler = (request, reply, done) => {
      destination.write(line(request, reply, pattern));
      done();
    };
    route.onResponse = appendHook(route.onResponse, log);
  });
  const noRoute = JSON.stringify('(no route)');
  app.addHook('onResponse', (request, reply, done) => {
    if (request.is404) destination.write(line(request, reply, noRoute));
    done();
  });
}

/**
 * Fastify's logger for a request, made only once the request logs something (an error, a warning):
 * most requests log nothing but their request line, which needs no logger (registerRequestLog),
 * and a pino child costs more to make than that line.
 */
export function lazyChildLogger(logger: FastifyBaseLogger, bindings: Bindings, options: ChildLoggerOptions): FastifyBaseLogger {
  return new LazyChildLogger(logger, bindings, options);
}

/** A pino logger's methods, on the prototype: nothing is made per request but the object itself. */
class LazyChildLogger {
  private made: FastifyBaseLogger | null = null;

  constructor(
    private readonly parent: FastifyBaseLogger,
    private readonly bindings: Bindings,
    private readonly options: ChildLoggerOptions,
  ) {}

  private get logger(): FastifyBaseLogger {
    return (this.made ??= this.parent.child(this.bindings, this.options));
  }

  get level(): string {
    return this.logger.level;
  }

  set level(level: string) {
    this.logger.level = level;
  }

  fatal(...args: Parameters<FastifyBaseLogger['fatal']>): void {
    this.logger.fatal(...args);
  }

  error(...args: Parameters<FastifyBaseLogger['error']>): void {
    this.logger.error(...args);
  }

  warn(...args: Parameters<FastifyBaseLogger['warn']>): void {
    this.logger.warn(...args);
  }

  info(...args: Parameters<FastifyBaseLogger['info']>): void {
    this.logger.info(...args);
  }

  debug(...args: Parameters<FastifyBaseLogger['debug']>): void {
    this.logger.debug(...args);
  }

  trace(...args: Parameters<FastifyBaseLogger['trace']>): void {
    this.logger.trace(...args);
  }

  silent(...args: Parameters<FastifyBaseLogger['silent']>): void {
    this.logger.silent(...args);
  }

  child(bindings: Bindings, options?: ChildLoggerOptions): FastifyBaseLogger {
    return this.logger.child(bindings, options);
  }
}
