/**
 * Writes openapi/gateway.json from the routes, for the typed SDK (src/client) and for readers of the repository.
 * `npm run generate` runs it; CI fails when the committed file differs from what the routes say.
 */
import { writeFile } from 'node:fs/promises';
import { type CarrierDirectory, createIdGenerator, type Engine, type Store } from '../core/index.js';
import { createApp, openApiDocumentConfig } from '../http/app.js';
import { silentLogger } from '../http/logger.js';
import { gatewayVersion } from './version.js';

/** Building the document touches no dependency; stand-ins that refuse every use make sure of that. */
function unusable<T extends object>(name: string): T {
  return new Proxy({} as T, {
    get: (_target, property) => {
      throw new Error(`write-openapi must not use the ${name} (${String(property)})`);
    },
  });
}

const app = createApp({
  store: unusable<Store>('store'),
  carriers: unusable<CarrierDirectory>('carrier directory'),
  engine: unusable<Engine>('engine'),
  clock: { now: () => new Date(0) },
  ids: createIdGenerator(),
  logger: silentLogger,
  version: gatewayVersion,
});
const document = app.getOpenAPI31Document(openApiDocumentConfig(gatewayVersion));
await writeFile(new URL('../../openapi/gateway.json', import.meta.url), `${JSON.stringify(document, null, 2)}\n`);
console.log('wrote openapi/gateway.json');
