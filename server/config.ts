import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { isIP } from 'node:net';
import path from 'node:path';
import { z } from 'zod';

/**
 * The one place that reads the environment. Everything else receives a Config.
 */

export type DatabaseConfig = { dialect: 'sqlite'; file: string } | { dialect: 'postgres'; url: string };

export interface RateLimit {
  max: number;
  timeWindowMs: number;
}

export interface LlmLimits {
  /** Until the model server answers a request with its headers. */
  connectTimeoutMs: number;
  /** The longest silence allowed in a reply stream, the wait for the first token included. */
  idleTimeoutMs: number;
  /** How long each connection may take to list its models. */
  modelsTimeoutMs: number;
  /** How long a fetched model list is reused. */
  modelsCacheMs: number;
  /** How often a streaming reply's text is saved (not on every token). */
  flushIntervalMs: number;
  /** How often the instance writing a reply says it is alive (its row's `heartbeat_at`). */
  heartbeatIntervalMs: number;
  /** A streaming reply whose heartbeat is older than this counts as cut off: its writer is gone. */
  staleReplyMs: number;
}

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  publicUrl: string;
  database: DatabaseConfig;
  redisUrl: string | null;
  /** Prefix of every key Parley writes to Redis, so that instances can share a server. */
  redisKeyPrefix: string;
  /**
   * Keys the hashes of session tokens and API keys. On PostgreSQL the app replaces it at start with
   * the secret stored in the database, shared by every instance (server/db/instance-secret.ts).
   */
  secretKey: string;
  /** Whether SECRET_KEY was set: then it must match the database's stored secret, if there is one. */
  secretKeyFromEnv: boolean;
  openai: { baseUrl: string | null; apiKey: string | null };
  /** Limits of the calls to model servers; small in tests. */
  llm: LlmLimits;
  community: { enableSharing: boolean; url: string | null; enableHub: boolean };
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /**
   * Which proxies' X-Forwarded-For to believe: none (false), every hop (true: unsafe unless the
   * proxy overwrites the header), a hop count, or the proxies' addresses and CIDRs.
   */
  trustProxy: boolean | number | string[];
  webDir: string;
  /** Rule S23: failed sign-ins per account and per address, sign-ups per address, the rest per user. */
  rateLimits: { signIn: RateLimit; signUp: RateLimit; share: RateLimit; fork: RateLimit; import: RateLimit };
  /** Bodies larger than this answer 413, on every route but the few that take whole chats. */
  bodyLimitBytes: number;
  /** The limit of the routes that take whole chats or long messages (import, create, messages, hub upload). */
  largeBodyLimitBytes: number;
  /**
   * PARLEY_TEST_HOOKS: registers the routes the tests and benchmarks use to look inside a child
   * process (server/http/test-hooks.ts). Never set in production; off by default.
   */
  testHooks: boolean;
}

const booleanFlag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no', 'on', 'off', 'True', 'False', 'TRUE', 'FALSE'], {
    error: 'must be true or false',
  })
  .transform((v) => ['true', '1', 'yes', 'on'].includes(v.toLowerCase()));

const httpUrl = z
  .url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' })
  .transform((v) => v.replace(/\/+$/, ''));

const milliseconds = z.coerce.number({ error: 'must be a number of milliseconds' }).int().min(100, 'must be at least 100 (ms)');

const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), schema.optional());

const WINDOW_UNIT_MS = { s: 1_000, m: 60_000, h: 3_600_000 } as const;

/** `10/1m`: ten in a minute; the window in seconds, minutes or hours (`30s`, `1m`, `2h`; `m` alone is `1m`). */
const rateLimitValue = z
  .string()
  .trim()
  .regex(/^[1-9]\d{0,8}\/([1-9]\d{0,5})?[smh]$/, 'must be count/window, like 10/1m (the window in s, m or h)')
  .transform((value): RateLimit => {
    const [count = '', window = ''] = value.split('/');
    const unit = window.slice(-1) as keyof typeof WINDOW_UNIT_MS;
    const amount = window.length > 1 ? Number(window.slice(0, -1)) : 1;
    return { max: Number(count), timeWindowMs: amount * WINDOW_UNIT_MS[unit] };
  });

const isAddressOrCidr = (entry: string): boolean => {
  const [address = '', prefix, ...rest] = entry.split('/');
  const version = isIP(address);
  if (version === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (version === 4 ? 32 : 128);
};

/** `false`, `true` (every hop), a hop count, or a comma-separated list of proxy addresses and CIDRs. */
const trustProxy = z
  .string()
  .trim()
  .transform((value, ctx): boolean | number | string[] => {
    if (/^(true|false)$/i.test(value)) return value.toLowerCase() === 'true';
    if (/^\d{1,2}$/.test(value)) return Number(value);
    const entries = value.split(',').map((entry) => entry.trim());
    if (entries.length > 0 && entries.every(isAddressOrCidr)) return entries;
    ctx.addIssue({ code: 'custom', message: 'must be false, true, a hop count (1) or proxy addresses/CIDRs (10.0.0.1,10.1.0.0/16)' });
    return z.NEVER;
  });

const envSchema = z.object({
  PORT: optional(z.coerce.number({ error: 'must be a number' }).int().min(1).max(65535)),
  HOST: optional(z.string().min(1)),
  DATA_DIR: optional(z.string().min(1)),
  DATABASE_URL: optional(
    z.string().regex(/^postgres(ql)?:\/\/.+/, 'must be a postgres:// URL (leave it unset for SQLite)'),
  ),
  REDIS_URL: optional(z.string().regex(/^rediss?:\/\/.+/, 'must be a redis:// or rediss:// URL')),
  REDIS_KEY_PREFIX: optional(z.string().regex(/^[\w:.-]{1,64}$/, 'must be 1 to 64 letters, digits or _ : . -')),
  PUBLIC_URL: optional(httpUrl),
  SECRET_KEY: optional(z.string().min(32, 'must be at least 32 characters')),
  OPENAI_API_BASE_URL: optional(httpUrl),
  OPENAI_API_KEY: optional(z.string()),
  ENABLE_COMMUNITY_SHARING: optional(booleanFlag),
  COMMUNITY_URL: optional(httpUrl),
  ENABLE_COMMUNITY_HUB: optional(booleanFlag),
  LOG_LEVEL: optional(z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])),
  TRUST_PROXY: optional(trustProxy),
  RATE_LIMIT_SIGN_IN: optional(rateLimitValue),
  RATE_LIMIT_SIGN_UP: optional(rateLimitValue),
  RATE_LIMIT_SHARE: optional(rateLimitValue),
  RATE_LIMIT_FORK: optional(rateLimitValue),
  RATE_LIMIT_IMPORT: optional(rateLimitValue),
  MODEL_CONNECT_TIMEOUT_MS: optional(milliseconds),
  MODEL_IDLE_TIMEOUT_MS: optional(milliseconds),
  REPLY_STALE_AFTER_MS: optional(milliseconds),
  PARLEY_TEST_HOOKS: optional(booleanFlag),
});

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid environment:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

const projectRoot = path.resolve(import.meta.dirname, '..');

/** Reads and validates the environment; throws a ConfigError naming every bad variable. */
export function loadConfig(env: Record<string, string | undefined>): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`));
  }
  const e = parsed.data;
  const port = e.PORT ?? 8080;
  const dataDir = path.resolve(e.DATA_DIR ?? './data');
  return {
    port,
    host: e.HOST ?? 'localhost',
    dataDir,
    publicUrl: e.PUBLIC_URL ?? `http://localhost:${port}`,
    database: e.DATABASE_URL
      ? { dialect: 'postgres', url: e.DATABASE_URL }
      : { dialect: 'sqlite', file: path.join(dataDir, 'parley.db') },
    redisUrl: e.REDIS_URL ?? null,
    redisKeyPrefix: e.REDIS_KEY_PREFIX ?? 'parley:',
    secretKey: e.SECRET_KEY ?? (e.DATABASE_URL ? existingOrNewSecretKey(dataDir) : secretKeyFromDataDir(dataDir)),
    secretKeyFromEnv: e.SECRET_KEY !== undefined,
    openai: { baseUrl: e.OPENAI_API_BASE_URL ?? null, apiKey: e.OPENAI_API_KEY ?? null },
    llm: llmLimits(e.MODEL_CONNECT_TIMEOUT_MS, e.MODEL_IDLE_TIMEOUT_MS, e.REPLY_STALE_AFTER_MS),
    community: {
      enableSharing: e.ENABLE_COMMUNITY_SHARING ?? false,
      url: e.COMMUNITY_URL ?? null,
      enableHub: e.ENABLE_COMMUNITY_HUB ?? false,
    },
    logLevel: e.LOG_LEVEL ?? 'info',
    trustProxy: e.TRUST_PROXY ?? false,
    webDir: path.join(projectRoot, 'dist', 'web'),
    rateLimits: {
      signIn: e.RATE_LIMIT_SIGN_IN ?? { max: 10, timeWindowMs: 60_000 },
      signUp: e.RATE_LIMIT_SIGN_UP ?? { max: 5, timeWindowMs: 60_000 },
      share: e.RATE_LIMIT_SHARE ?? { max: 60, timeWindowMs: 60_000 },
      fork: e.RATE_LIMIT_FORK ?? { max: 30, timeWindowMs: 60_000 },
      import: e.RATE_LIMIT_IMPORT ?? { max: 10, timeWindowMs: 60_000 },
    },
    bodyLimitBytes: 1024 * 1024,
    largeBodyLimitBytes: 64 * 1024 * 1024,
    testHooks: e.PARLEY_TEST_HOOKS ?? false,
  };
}

function llmLimits(connectMs: number | undefined, idleMs: number | undefined, staleMs: number | undefined): LlmLimits {
  const staleReplyMs = staleMs ?? 30_000;
  return {
    connectTimeoutMs: connectMs ?? 30_000,
    idleTimeoutMs: idleMs ?? 120_000,
    modelsTimeoutMs: 5_000,
    modelsCacheMs: 5_000,
    flushIntervalMs: 500,
    // Several beats fit in the stale threshold, so a slow beat or two never fails a living reply.
    heartbeatIntervalMs: Math.max(50, Math.min(5_000, Math.floor(staleReplyMs / 4))),
    staleReplyMs,
  };
}

function readSecretKeyFile(dataDir: string): string | null {
  const file = path.join(dataDir, 'secret_key');
  if (!existsSync(file)) return null;
  const key = readFileSync(file, 'utf8').trim();
  return key.length >= 32 ? key : null;
}

/**
 * SECRET_KEY unset on PostgreSQL: only a candidate for the secret stored in the database, which the
 * first instance to start stores. An older install's DATA_DIR key is the candidate, so that its
 * sessions survive the upgrade; nothing is written to DATA_DIR.
 */
function existingOrNewSecretKey(dataDir: string): string {
  return readSecretKeyFile(dataDir) ?? randomBytes(32).toString('base64url');
}

/** SECRET_KEY unset on SQLite: generate one on first start and keep it in DATA_DIR, readable only by us. */
function secretKeyFromDataDir(dataDir: string): string {
  const existing = readSecretKeyFile(dataDir);
  if (existing !== null) return existing;
  const file = path.join(dataDir, 'secret_key');
  mkdirSync(dataDir, { recursive: true });
  const key = randomBytes(32).toString('base64url');
  writeFileSync(file, `${key}\n`, { mode: 0o600 });
  return key;
}
