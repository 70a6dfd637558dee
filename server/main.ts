import { createParley } from './app.js';
import { ConfigError, loadConfig } from './config.js';
import { InstanceSecretMismatchError } from './db/instance-secret.js';
import { BatchedLines } from './lib/batched-lines.js';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
  // The log goes to stdout in writes of 4 KiB or more, or every second, rather than one write per
  // line: a write costs more than the rest of a small request (docs/architecture.md, Logging).
  // What is held is written when the process exits, a crash included.
  const logStream = new BatchedLines(1);
  const app = await createParley(config, { logStream });
  const close = (signal: string) => {
    app.log.info({ signal }, 'shutting down');
    // server.close() drops the keep-alive connections idle at that moment only; one busy then
    // would stay open after its answer for the keep-alive timeout (72 s) and hold the exit.
    setInterval(() => app.server.closeIdleConnections(), 100).unref();
    app.close().then(
      () => process.exit(0),
      (error: unknown) => {
        app.log.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', close);
  process.once('SIGTERM', close);
  await app.listen({ port: config.port, host: config.host });
  app.log.info(`Parley is ready at ${config.publicUrl}`);
}

main().catch((error: unknown) => {
  console.error(error instanceof InstanceSecretMismatchError ? error.message : error);
  process.exit(1);
});
