import type { LlmLimits } from '../../config.js';

/** Small limits, so that tests of timeouts and saves run in milliseconds. */
export const FAST_LIMITS: LlmLimits = {
  connectTimeoutMs: 1_000,
  idleTimeoutMs: 400,
  modelsTimeoutMs: 500,
  modelsCacheMs: 0,
  flushIntervalMs: 20,
  heartbeatIntervalMs: 50,
  staleReplyMs: 30_000,
};
