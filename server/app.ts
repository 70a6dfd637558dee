import fastifyCookie from '@fastify/cookie';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, { LogController, type FastifyInstance, type FastifyReply, type onSendHookHandler } from 'fastify';
import {
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import { Redis } from 'ioredis';
import { destination as pinoDestination, type DestinationStream } from 'pino';
import { adminSettingsRoutes } from './admin/admin.routes.js';
import { adminShareRoutes } from './admin/shares.routes.js';
import { adminUserRoutes } from './admin/users.routes.js';
import { authRoutes } from './auth/auth.routes.js';
import { FirstRun } from './auth/auth.service.js';
import { registerGuards } from './auth/guards.js';
import { chatFileRoutes } from './chats/chat-files.js';
import { chatRoutes } from './chats/chats.routes.js';
import { chatExportRoutes } from './chats/export/export.routes.js';
import { Generations } from './chats/generation.js';
import { failCutOffReplies } from './chats/chats.service.js';
import { chatImportRoutes } from './chats/import/import.routes.js';
import { messageRoutes } from './chats/messages.routes.js';
import { communityRoutes } from './community/community.routes.js';
import type { Config } from './config.js';
import { openDatabase, type Db } from './db/database.js';
import { sharedInstanceSecret } from './db/instance-secret.js';
import { migrateToLatest } from './db/migrate.js';
import { sweepFileTrash } from './content/file-trash.js';
import { fileRoutes } from './files/files.routes.js';
import { errorBody, registerErrorHandler } from './http/errors.js';
import { registerNulCheck } from './http/input.js';
import { appendHook, isWrite, routeTakesWrites } from './http/route-hooks.js';
import { FailureLimiter, registerRateLimits } from './http/rate-limit.js';
import { lazyChildLogger, registerRequestLog } from './http/request-log.js';
import { registerOriginCheck, registerSecurityHeaders, setSecurityHeaders } from './http/security.js';
import { registerTestHooks } from './http/test-hooks.js';
import { registerWeb } from './http/web.js';
import { llmRoutes } from './llm/llm.routes.js';
import { ModelCatalogCache } from './llm/models.js';
import { PageCache } from './share-page/page-cache.js';
import { sendShareNotFound, sharePageRoutes } from './share-page/share-page.routes.js';
import { settingsRoutes } from './settings/settings.routes.js';
import { SettingsStore } from './settings/settings.service.js';
import { sharingRoutes } from './sharing/sharing.routes.js';
import { ttsRoutes } from './tts/tts.routes.js';
import { SpeechCache } from './tts/tts.service.js';

export interface AppOptions {
  config: Config;
  db: Db;
  /** Where log lines go (stdout when unset); tests read them. */
  logStream?: DestinationStream;
}

/**
 * Everything an app holds besides its routes, made with the app and closed with it: two apps in
 * one process (tests, benchmarks) never share a cache or a reply being written.
 */
export interface AppDeps extends AppOptions {
  redis: Redis | null;
  settings: SettingsStore;
  firstRun: FirstRun;
  models: ModelCatalogCache;
  generations: Generations;
  pages: PageCache;
  speech: SpeechCache;
  /** Failed sign-ins, per account and per address (rule S23). */
  signInFailures: FailureLimiter;
}

declare module 'fastify' {
  interface FastifyInstance {
    deps: AppDeps;
  }
}

export type App = FastifyInstance;

/** Opens the database, brings its schema up to date and builds the app around it. */
export async function createParley(config: Config, options: { logStream?: DestinationStream } = {}): Promise<App> {
  const db = openDatabase(config.database);
  let secretKey: string;
  try {
    await migrateToLatest(db);
    // On PostgreSQL every instance keys its hashes with the one secret stored in the database.
    secretKey =
      config.database.dialect === 'postgres' ? await sharedInstanceSecret(db, config.secretKey, config.secretKeyFromEnv) : config.secretKey;
    // Replies cut off when an instance died: failed with what arrived, unless another instance beats for them.
    await failCutOffReplies(db, config.llm, null);
  } catch (error) {
    await db.destroy();
    throw error;
  }
  // Bytes whose removal a stopped process did not finish.
  await sweepFileTrash(db, config.dataDir);
  return buildApp({ config: { ...config, secretKey }, db, ...options });
}

/** A hop count trusts the nearest `hops` proxies (Fastify's types lack the number form). */
function trustedProxies(trust: Config['trustProxy']): boolean | string[] | ((address: string, hop: number) => boolean) {
  return typeof trust === 'number' ? (_address, hop) => hop < trust : trust;
}

/** Builds the HTTP app from its parts; it owns `db` from here on and closes it on close. */
export async function buildApp(options: AppOptions): Promise<App> {
  const { config, db } = options;
  // The request lines (registerRequestLog) go to the same destination as pino's, in order.
  const logStream = config.logLevel === 'silent' ? null : (options.logStream ?? pinoDestination(1));
  const app = Fastify({
    logger: logStream === null ? false : { level: config.logLevel, stream: logStream },
    // Fastify's request lines carry the URL; ours (registerRequestLog) carry the route pattern.
    logController: new LogController({ disableRequestLogging: true }),
    childLoggerFactory: lazyChildLogger,
    bodyLimit: config.bodyLimitBytes,
    trustProxy: trustedProxies(config.trustProxy),
    // URLs the router refuses before any route or hook runs (bad percent-encoding, an overlong
    // parameter) still leave with the headers every response carries and the usual error body.
    frameworkErrors: (_error, request, reply: FastifyReply) => {
      setSecurityHeaders(reply, config);
      if (request.url.startsWith('/s/')) void sendShareNotFound(reply);
      else void reply.status(400).send(errorBody('invalid_request', 'The URL is not valid.'));
    },
  }).withTypeProvider<ZodTypeProvider>();

  const redis = config.redisUrl ? new Redis(config.redisUrl, { lazyConnect: false, maxRetriesPerRequest: 2 }) : null;
  const deps: AppDeps = {
    ...options,
    redis,
    settings: new SettingsStore(config),
    firstRun: new FirstRun(),
    models: new ModelCatalogCache(config.llm),
    generations: new Generations(),
    pages: new PageCache(64 * 1024 * 1024),
    speech: new SpeechCache(),
    signInFailures: new FailureLimiter(config.rateLimits.signIn, redis, `${config.redisKeyPrefix}sign-in-failures:`),
  };
  app.decorate('deps', deps);
  app.addHook('onClose', async () => {
    await redis?.quit();
    await db.destroy();
  });

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  registerErrorHandler(app);
  registerSecurityHeaders(app, config);
  if (logStream !== null) registerRequestLog(app, logStream, config.logLevel);
  // Cookies are parsed by the routes that read one (server/auth/authenticate.ts), not on every request.
  await app.register(fastifyCookie, { hook: false });
  registerGuards(app);
  registerNulCheck(app);
  await registerRateLimits(app, config, redis);
  // After the guards and rate limits: it is put before them on each route that takes a write.
  registerOriginCheck(app, config);
  registerFileSweep(app, db, config.dataDir);

  await app.register(fastifySwagger, {
    openapi: {
      info: { title: 'Parley API', version: '1', description: 'The HTTP API of Parley, described in docs/api.md.' },
      servers: [{ url: config.publicUrl }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs' });
  app.get('/api/v1/openapi.json', { schema: { hide: true } }, () => app.swagger());

  await app.register(settingsRoutes, { firstRun: () => deps.firstRun.check(db) });
  await app.register(authRoutes);
  await app.register(fileRoutes);
  await app.register(chatRoutes);
  await app.register(messageRoutes);
  await app.register(chatFileRoutes);
  await app.register(chatImportRoutes);
  await app.register(chatExportRoutes);
  await app.register(llmRoutes);
  await app.register(sharingRoutes);
  await app.register(sharePageRoutes);
  await app.register(ttsRoutes);
  await app.register(communityRoutes);
  await app.register(adminSettingsRoutes);
  await app.register(adminUserRoutes);
  await app.register(adminShareRoutes);
  if (config.testHooks) registerTestHooks(app, () => ({ pages: deps.pages.held(), speech: deps.speech.held() }));
  await registerWeb(app, config);
  return app;
}

/**
 * Deleting chats, users, links and uploads puts the hashes of bytes nothing names any more in the
 * trash, in their transaction; after a write has been handled (committed), their bytes leave the
 * disk, before the answer is sent (docs/architecture.md, Storage); createParley sweeps once at start.
 * Only routes that take a write get the hook; a read of one (GET and POST on one route) passes.
 */
function registerFileSweep(app: App, db: Db, dataDir: string): void {
  const sweep: onSendHookHandler = (request, _reply, payload, done) => {
    if (!isWrite(request.method)) {
      done(null, payload);
      return;
    }
    sweepFileTrash(db, dataDir).then(
      () => done(null, payload),
      (error: unknown) => {
        // The write itself succeeded; what is left in the trash goes at the next sweep.
        request.log.error({ err: error }, 'file sweep failed');
        done(null, payload);
      },
    );
  };
  app.addHook('onRoute', (route) => {
    // After the route's own onSend hooks, if any: the answer is final by then.
    if (routeTakesWrites(route)) route.onSend = appendHook(route.onSend, sweep);
  });
}
