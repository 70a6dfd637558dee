import fastifyRateLimit from '@fastify/rate-limit';
import type { FastifyInstance } from 'fastify';
import type { Redis } from 'ioredis';
import type { Config, RateLimit } from '../config.js';
import { AppError } from './errors.js';

/** Counts requests per address, in Redis when there is one so that every instance counts together. */
export async function registerRateLimits(app: FastifyInstance, config: Config, redis: Redis | null): Promise<void> {
  await app.register(fastifyRateLimit, {
    global: false,
    ...(redis ? { redis, nameSpace: `${config.redisKeyPrefix}rate-limit:` } : {}),
    errorResponseBuilder: () => new AppError('rate_limited', 'Too many attempts; wait a minute and try again.'),
  });
}

/** A route's limit, for its `config`. */
export function rateLimit(limit: RateLimit) {
  return { rateLimit: { max: limit.max, timeWindow: limit.timeWindowMs } };
}
