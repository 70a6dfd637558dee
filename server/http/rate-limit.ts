import fastifyRateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Redis } from 'ioredis';
import type { Config, RateLimit } from '../config.js';
import { AppError, RateLimitedError } from './errors.js';

/**
 * Rule S23: a route's limit counts per signed-in user where the route's guard found one (the
 * guards run first, in an earlier onRequest hook), else per address. In Redis when there is one,
 * so that every instance counts together.
 */
export async function registerRateLimits(app: FastifyInstance, config: Config, redis: Redis | null): Promise<void> {
  await app.register(fastifyRateLimit, {
    global: false,
    ...(redis ? { redis, nameSpace: `${config.redisKeyPrefix}rate-limit:` } : {}),
    keyGenerator: (request: FastifyRequest) => (request.viewer ? `user:${request.viewer.id}` : `ip:${request.ip}`),
    errorResponseBuilder: () => new AppError('rate_limited', 'Too many attempts; wait a minute and try again.'),
  });
}

/** A route's limit, for its `config`. */
export function rateLimit(limit: RateLimit) {
  return { rateLimit: { max: limit.max, timeWindow: limit.timeWindowMs } };
}

/**
 * Counts failures only (rule S23: failed sign-ins per account and per address), so that a
 * successful attempt never uses up anyone's allowance. Each key is a fixed window that starts at
 * its first failure. In Redis when there is one, so that every instance counts together; else in
 * this app's memory.
 */
export class FailureLimiter {
  private readonly memory = new Map<string, { count: number; resetAt: number }>();

  constructor(
    private readonly limit: RateLimit,
    private readonly redis: Redis | null,
    private readonly prefix: string,
  ) {}

  /** Throws 429 when any of the keys has used up its allowance. */
  async assertAllowed(keys: readonly string[]): Promise<void> {
    let retryAfterMs = 0;
    for (const key of keys) {
      const { count, ttlMs } = await this.read(key);
      if (count >= this.limit.max) retryAfterMs = Math.max(retryAfterMs, ttlMs);
    }
    if (retryAfterMs > 0) throw new RateLimitedError(Math.max(1, Math.ceil(retryAfterMs / 1000)));
  }

  /** Counts one failure against each key. */
  async recordFailure(keys: readonly string[]): Promise<void> {
    for (const key of keys) {
      if (this.redis) {
        const name = this.prefix + key;
        // The first failure starts the window; a key left without one (a crash in between) gets it now.
        if ((await this.redis.incr(name)) === 1 || (await this.redis.pttl(name)) === -1) {
          await this.redis.pexpire(name, this.limit.timeWindowMs);
        }
        continue;
      }
      const now = Date.now();
      const entry = this.memory.get(key);
      if (entry && entry.resetAt > now) entry.count += 1;
      else this.memory.set(key, { count: 1, resetAt: now + this.limit.timeWindowMs });
      this.forgetExpired(now);
    }
  }

  private async read(key: string): Promise<{ count: number; ttlMs: number }> {
    if (this.redis) {
      const name = this.prefix + key;
      const [count, ttl] = await Promise.all([this.redis.get(name), this.redis.pttl(name)]);
      return { count: Number(count ?? 0), ttlMs: ttl > 0 ? ttl : this.limit.timeWindowMs };
    }
    const entry = this.memory.get(key);
    const now = Date.now();
    if (!entry || entry.resetAt <= now) return { count: 0, ttlMs: 0 };
    return { count: entry.count, ttlMs: entry.resetAt - now };
  }

  private forgetExpired(now: number): void {
    if (this.memory.size < 10_000) return;
    for (const [key, entry] of this.memory) if (entry.resetAt <= now) this.memory.delete(key);
  }
}
