/** No secret and no query parameter reaches a log line, whichever way an error is logged. */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSafeLogger } from '../../src/http/log-safety.js';
import type { Logger } from '../../src/http/logger.js';
import { builtInCarrierPlugins } from '../../src/runtime/carrier-plugins.js';
import { createPinoLogger, secretFieldNames } from '../../src/runtime/pino-logger.js';
import { type Harness, startHarness } from '../helpers/gateway-harness.js';
import { createTestStore, type TestStore } from '../helpers/test-store.js';
import { newEndpoint, seedTenant } from '../store/fixtures.js';

const carrierPlugins = Object.values(builtInCarrierPlugins);
const lines: string[] = [];
const recorder: Logger = {
  debug: (fields, message) => lines.push(JSON.stringify({ level: 'debug', message, ...fields })),
  info: (fields, message) => lines.push(JSON.stringify({ level: 'info', message, ...fields })),
  warn: (fields, message) => lines.push(JSON.stringify({ level: 'warn', message, ...fields })),
  error: (fields, message) => lines.push(JSON.stringify({ level: 'error', message, ...fields })),
};

let testStore: TestStore;
let harness: Harness;
beforeAll(async () => {
  testStore = await createTestStore();
  // A constraint only this test has: an insert with this description fails in the database, after drizzle has
  // built the query with every value (the endpoint's whsec_ secret among them) as a parameter.
  await testStore.db.execute(
    sql.raw(
      `alter table webhook_endpoints add constraint test_refuses_fail_me check (description is distinct from 'fail-me')`,
    ),
  );
  harness = await startHarness({ store: testStore.store, logger: recorder });
});
afterAll(async () => {
  await harness?.close();
  await testStore?.cleanup();
});

/** A real DrizzleQueryError whose message carries a secret, from a failing insert. */
async function failedInsert(secret: string, marker: string): Promise<Error> {
  const seeded = await seedTenant(testStore.store);
  const endpoint = newEndpoint(seeded, { secret, url: `https://hooks.example.com/${marker}`, description: 'fail-me' });
  const error = await testStore.store.webhookEndpoints.create(endpoint).then(
    () => new Error('the insert should have failed'),
    (caught: Error) => caught,
  );
  // The premise: the driver error itself carries the secret (else this test would prove nothing).
  expect(error.message).toContain(secret);
  expect(error.message).toContain('params:');
  return error;
}

describe('secrets in logs', () => {
  it('a failed webhook-endpoint insert answers 500 and logs neither its secret nor its parameters', async () => {
    lines.length = 0;
    const marker = `marker-${Date.now()}`;
    const response = await harness.json('POST', '/v1/webhook-endpoints', {
      body: { url: `https://hooks.example.com/${marker}`, description: 'fail-me' },
    });
    expect(response.status).toBe(500);
    expect(JSON.stringify(response.body)).not.toContain('whsec_');
    const logged = lines.join('\n');
    expect(logged).toContain('unexpected error');
    expect(logged).toContain('Failed query');
    expect(logged).not.toContain('whsec_');
    expect(logged).not.toContain(marker);
  });

  it('strips parameters from a DrizzleQueryError however it is logged, through pino too', async () => {
    const secret = 'whsec_c2VjcmV0LW9mLXRoZS1sb2ctdGVzdA';
    const marker = `marker-${Date.now()}-direct`;
    const error = await failedInsert(secret, marker);
    const pinoOutput: string[] = [];
    const pinoLogger = createPinoLogger('info', carrierPlugins, {
      destination: { write: (chunk: string) => pinoOutput.push(chunk) },
    });
    lines.length = 0;
    for (const logger of [createSafeLogger(recorder), pinoLogger]) {
      logger.error({ err: error }, 'as an Error');
      logger.error({ err: String(error) }, 'as String(error)');
      logger.error({ err: error.stack }, 'as its stack');
      logger.error({ err: { message: error.message, stack: error.stack } }, 'as message and stack');
      logger.error({ cause: (error as { cause?: unknown }).cause }, 'its driver cause');
    }
    pinoLogger.raw.error({ err: error }, 'on raw pino');
    const logged = [...lines, ...pinoOutput].join('\n');
    expect(pinoOutput.length).toBe(6);
    expect(logged).toContain('Failed query');
    expect(logged).not.toContain(secret);
    expect(logged).not.toContain(marker);
  });

  it("censors every plugin's secret config fields, API-key hashes and prefixes, at any depth", () => {
    const pinoOutput: string[] = [];
    const pinoLogger = createPinoLogger('info', carrierPlugins, {
      destination: { write: (chunk: string) => pinoOutput.push(chunk) },
    });
    const values = {
      connection: { config: { apiKey: 'stn-key-1', clientSecret: 'sps-secret-2', callbackSecret: 'sps-cb-3' } },
      record: { keyHash: 'a1b2c3d4e5f6', keyPrefix: 'sk_live_zz', id: 'key_visible' },
    };
    pinoLogger.info(values, 'fields');
    const logged = pinoOutput.join('\n');
    for (const secret of ['stn-key-1', 'sps-secret-2', 'sps-cb-3', 'a1b2c3d4e5f6', 'sk_live_zz']) {
      expect(logged).not.toContain(secret);
    }
    expect(logged).toContain('key_visible');
  });

  it('adds the secret fields plugins declare to the fixed list', () => {
    for (const plugin of carrierPlugins)
      expect(secretFieldNames(carrierPlugins)).toEqual(expect.arrayContaining([...plugin.secretConfigFields]));
    // A loaded plugin's unusual secret name is censored by pino too, not only the names of the built-in carriers.
    const pinoOutput: string[] = [];
    const pinoLogger = createPinoLogger('info', [{ secretConfigFields: ['vendorSigningKey'] }], {
      destination: { write: (chunk: string) => pinoOutput.push(chunk) },
    });
    pinoLogger.info({ connection: { config: { vendorSigningKey: 'vendor-8' } } }, 'x');
    pinoLogger.raw.info({ config: { vendorSigningKey: 'vendor-7' } }, 'raw');
    expect(pinoOutput.join('\n')).not.toMatch(/vendor-8|vendor-7/);
    lines.length = 0;
    createSafeLogger(recorder, ['vendorSigningKey']).info({ config: { vendorSigningKey: 'vendor-9' } }, 'x');
    expect(lines.join('\n')).not.toContain('vendor-9');
  });
});
