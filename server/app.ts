import fastifyCookie from '@fastify/cookie';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, { LogController, type FastifyInstance } from 'fastify';
import {
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import { Redis } from 'ioredis';
import { adminRoutes } from './admin/admin.routes.js';
import { adminUserRoutes } from './admin/users.routes.js';
import { authRoutes } from './auth/auth.routes.js';
import { chatRoutes } from './chats/chats.routes.js';
import { communityRoutes } from './community/community.routes.js';
import { chatImportRoutes } from './chats/import/import.routes.js';
import { messageRoutes } from './chats/messages.routes.js';
import { sharePageRoutes } from './share-page/share-page.routes.js';
import { sharingRoutes } from './sharing/sharing.routes.js';
import { ttsRoutes } from './tts/tts.routes.js';
import type { Config } from './config.js';
import { openDatabase, type Db } from './db/database.js';
import { migrateToLatest } from './db/migrate.js';
import { AppError, registerErrorHandler } from './http/errors.js';
import { registerOriginCheck, registerRequestLog, registerSecurityHeaders } from './http/security.js';
import { registerWeb } from './http/web.js';
import { llmRoutes } from './llm/llm.routes.js';

export interface AppDeps {
  config: Config;
  db: Db;
  /** Where log lines go (stdout when unset); tests read them. */
  logStream?: NodeJS.WritableStream;
}

declare module 'fastify' {
  interface FastifyInstance {
    deps: AppDeps;
  }
}

export type App = FastifyInstance;

/** Opens the database, brings its schema up to date and builds the app around it. */
export async function createParley(config: Config, options: { logStream?: NodeJS.WritableStream } = {}): Promise<App> {
  const db = openDatabase(config.database);
  try {
    await migrateToLatest(db);
  } catch (error) {
    await db.destroy();
    throw error;
  }
  return buildApp({ config, db, ...options });
}

/** Builds the HTTP app from its parts; it owns `db` from here on and closes it on close. */
export async function buildApp(deps: AppDeps): Promise<App> {
  const { config, db } = deps;
  const app = Fastify({
    logger:
      config.logLevel === 'silent'
        ? false
        : { level: config.logLevel, ...(deps.logStream && { stream: deps.logStream }) },
    // Fastify's request lines carry the URL; ours (registerRequestLog) carry the route pattern.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: config.bodyLimitBytes,
    trustProxy: config.trustProxy,
  }).withTypeProvider<ZodTypeProvider>();

  app.decorate('deps', deps);
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  registerErrorHandler(app);
  registerSecurityHeaders(app, config);
  registerRequestLog(app);
  registerOriginCheck(app, config);

  const redis = config.redisUrl ? new Redis(config.redisUrl, { lazyConnect: false, maxRetriesPerRequest: 2 }) : null;
  app.addHook('onClose', async () => {
    await redis?.quit();
    await db.destroy();
  });

  await app.register(fastifyCookie);
  await app.register(fastifyRateLimit, {
    global: false,
    ...(redis ? { redis, nameSpace: `${config.redisKeyPrefix}rate-limit:` } : {}),
    errorResponseBuilder: () => new AppError('rate_limited', 'Too many attempts; wait a minute and try again.'),
  });

  await app.register(fastifySwagger, {
    openapi: {
      info: { title: 'Parley API', version: '1', description: 'The HTTP API of Parley (see API.md).' },
      servers: [{ url: config.publicUrl }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs' });
  app.get('/api/v1/openapi.json', { schema: { hide: true } }, () => app.swagger());

  await app.register(authRoutes);
  await app.register(adminRoutes);
  await app.register(adminUserRoutes);
  await app.register(chatRoutes);
  await app.register(sharingRoutes);
  await app.register(sharePageRoutes);
  await app.register(messageRoutes);
  await app.register(chatImportRoutes);
  await app.register(llmRoutes);
  await app.register(ttsRoutes);
  await app.register(communityRoutes);
  await registerWeb(app, config);
  return app;
}
