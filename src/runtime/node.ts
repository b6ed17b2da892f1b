/**
 * The Node.js composition root: configuration, database, HTTP server, engine and webhook loops, sandbox,
 * graceful shutdown. `npm start` runs this file.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createIdGenerator } from '../core/index.js';
import { createStore } from '../store/create-store.js';
import { loadCarrierPlugins } from './carrier-plugin-loader.js';
import { composeGateway } from './compose-gateway.js';
import { ConfigError, type GatewayConfig, loadConfig } from './config.js';
import { loadScalarScript } from './docs-script.js';
import { serveGateway } from './http-server.js';
import { nodeSha256Hex } from './node-sha256.js';
import { createPinoLogger } from './pino-logger.js';
import {
  databaseStartupError,
  dataDirStartupError,
  exitCodes,
  listenStartupError,
  StartupError,
} from './startup-errors.js';
import { gatewayVersion } from './version.js';

function readConfig(): GatewayConfig {
  try {
    return loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) throw new StartupError(error.message, exitCodes.config);
    throw error;
  }
}

/** After this long without a database, say what is going on. */
const slowStartNoticeMs = 1_000;

async function openStore(config: GatewayConfig) {
  // PGlite's first start runs initdb, several silent seconds: say so at once. Reopening an existing data directory
  // is usually quick; say something only if it is not. A PostgreSQL server answers or fails fast.
  const fresh = !config.DATABASE_URL && !existsSync(join(config.DATA_DIR, 'PG_VERSION'));
  if (fresh) {
    process.stderr.write(
      `initialising the embedded database in ${config.DATA_DIR}… (the first start takes several seconds)\n`,
    );
  }
  const notice = setTimeout(() => {
    if (!config.DATABASE_URL && !fresh) process.stderr.write(`opening the embedded database in ${config.DATA_DIR}…\n`);
  }, slowStartNoticeMs);
  try {
    return await createStore(
      config.DATABASE_URL
        ? { databaseUrl: config.DATABASE_URL, maxConnections: config.DATABASE_MAX_CONNECTIONS }
        : { dataDir: config.DATA_DIR },
    );
  } catch (error) {
    throw (
      (config.DATABASE_URL
        ? databaseStartupError(error, config.DATABASE_URL)
        : dataDirStartupError(error, config.DATA_DIR)) ?? error
    );
  } finally {
    clearTimeout(notice);
  }
}

async function main(): Promise<void> {
  const config = readConfig();
  const plugins = await loadCarrierPlugins(config.CARRIER_PLUGINS, { cwd: process.cwd() });
  const logger = createPinoLogger(config.LOG_LEVEL, plugins);
  const clock = { now: () => new Date() };
  const ids = createIdGenerator(clock.now);

  const store = await openStore(config);
  logger.info({ database: config.DATABASE_URL ? 'postgres' : `pglite:${config.DATA_DIR}` }, 'database ready');

  const gateway = await composeGateway({
    config,
    plugins,
    store,
    logger,
    clock,
    ids,
    environment: process.env,
    fetch: globalThis.fetch,
    docsScript: loadScalarScript,
    sha256Hex: nodeSha256Hex,
  });

  const server = serveGateway({ fetch: gateway.fetch, port: config.PORT, hostname: config.HOST }, (info) => {
    logger.info({ port: info.port, host: config.HOST, sandbox: config.sandbox }, 'listening');
    const base = config.publicUrl;
    const lines = [
      '',
      `  mvno-gateway ${gatewayVersion} is listening on ${base}`,
      `  API reference:  ${base}/docs`,
      `  OpenAPI:        ${base}/openapi.json`,
    ];
    if (config.sandbox) {
      lines.push(`  Sandbox mode: built-in sTN and SPS simulators under ${base}/sandbox`);
      lines.push(`  API key:        ${config.SANDBOX_API_KEY}`);
      lines.push(`  Try it:         npm run demo   (or see README, "Activate a line")`);
    }
    process.stderr.write(`${lines.join('\n')}\n\n`);
    gateway.startBackgroundWork();
  });
  // Listening fails after serve() returns (a port in use): one line naming the variable, not a stack.
  server.on('error', (error) => {
    if (server.listening) {
      logger.error({ err: { message: error.message } }, 'server error');
      return;
    }
    const startupError = listenStartupError(error, config.HOST, config.PORT);
    void gateway
      .stop()
      .then(() => store.close())
      .finally(() => exitWith(startupError ?? error));
  });

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    const forced = setTimeout(() => {
      logger.warn({}, 'shutdown grace period over; exiting');
      process.exit(1);
    }, config.SHUTDOWN_GRACE_MS);
    forced.unref();
    server.close(async () => {
      await gateway.stop();
      await store.close();
      logger.info({}, 'stopped');
      process.exit(0);
    });
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

/** A StartupError is one line and its documented exit code; anything else is a bug, printed whole, exit 1. */
function exitWith(error: unknown): never {
  if (error instanceof StartupError) {
    process.stderr.write(`${error.message}\n`);
    process.exit(error.exitCode);
  }
  console.error(error);
  process.exit(1);
}

main().catch(exitWith);
