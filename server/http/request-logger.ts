import type { FastifyBaseLogger } from 'fastify';

type Bindings = Parameters<FastifyBaseLogger['child']>[0];
type ChildOptions = Parameters<FastifyBaseLogger['child']>[1];
type Method = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

/**
 * A request's logger (`request.log`), made only when the request logs something: most requests
 * never do besides their request line, which goes through the app's logger with the request id
 * (registerRequestLog), so building a pino child for each of them (its bindings serialised, its
 * methods bound) was work for nothing. The first call makes the child, and every call goes to it.
 */
export function lazyRequestLogger(parent: FastifyBaseLogger, bindings: Bindings, options: ChildOptions): FastifyBaseLogger {
  let made: FastifyBaseLogger | undefined;
  const real = () => (made ??= parent.child(bindings, options));
  const forward =
    (method: Method) =>
    (...args: [unknown, ...unknown[]]): void => {
      const target = real();
      const log: (this: FastifyBaseLogger, ...values: [unknown, ...unknown[]]) => void = target[method];
      log.apply(target, args);
    };
  return {
    get level() {
      return made?.level ?? (options?.level ?? parent.level);
    },
    set level(level: string) {
      real().level = level;
    },
    fatal: forward('fatal'),
    error: forward('error'),
    warn: forward('warn'),
    info: forward('info'),
    debug: forward('debug'),
    trace: forward('trace'),
    silent: forward('silent'),
    child: (more, moreOptions) => real().child(more, moreOptions),
  };
}
