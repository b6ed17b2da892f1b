import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/runtime/config.js';
import { loadWorkerConfig } from '../../src/runtime/worker/worker-config.js';
import type { DurableObjectNamespace } from '../../src/runtime/worker/workers-types.js';

const scheduler = {
  idFromName: () => 'id',
  get: () => ({ fetch: async () => new Response() }),
} as DurableObjectNamespace;
const databaseUrl = 'postgres://gateway@db.example:5432/gateway';

describe('worker configuration from env bindings', () => {
  it('validates the string bindings with the Node schema, ignores the others, and turns sandbox mode off', () => {
    const {
      config,
      databaseUrl: url,
      environment,
    } = loadWorkerConfig({
      DATABASE_URL: databaseUrl,
      ADMIN_API_KEY: 'an-admin-key-of-16-plus',
      CARRIER_STN_API_KEY: 'carrier-secret',
      ENGINE_SCHEDULER: scheduler,
    });
    expect(url).toBe(databaseUrl);
    expect(config.sandbox).toBe(false);
    expect(config.ADMIN_API_KEY).toBe('an-admin-key-of-16-plus');
    // Secrets stay available to `{"env": …}` references in carrier connections; bindings that are objects do not.
    expect(environment).toEqual({
      DATABASE_URL: databaseUrl,
      ADMIN_API_KEY: 'an-admin-key-of-16-plus',
      CARRIER_STN_API_KEY: 'carrier-secret',
    });
  });

  it('keeps connections per invocation within what workerd allows', () => {
    const { config } = loadWorkerConfig({ DATABASE_URL: databaseUrl, ENGINE_SCHEDULER: scheduler });
    expect(config.DATABASE_MAX_CONNECTIONS).toBeLessThanOrEqual(3);
  });

  it('prefers a Hyperdrive binding to DATABASE_URL', () => {
    const hyperdrive = { connectionString: 'postgres://hyperdrive@local:5432/gateway' };
    const { databaseUrl: url } = loadWorkerConfig({ HYPERDRIVE: hyperdrive, ENGINE_SCHEDULER: scheduler });
    expect(url).toBe(hyperdrive.connectionString);
  });

  it('refuses, naming the variable, what an isolate cannot do: no database, sandbox mode, no scheduler', () => {
    expect(() => loadWorkerConfig({ ENGINE_SCHEDULER: scheduler })).toThrow(ConfigError);
    expect(() => loadWorkerConfig({ ENGINE_SCHEDULER: scheduler })).toThrow(/DATABASE_URL: required on Workers/);
    expect(() => loadWorkerConfig({ DATABASE_URL: databaseUrl, SANDBOX: 'true', ENGINE_SCHEDULER: scheduler })).toThrow(
      /SANDBOX: sandbox mode .* not available on Workers/,
    );
    expect(() => loadWorkerConfig({ DATABASE_URL: databaseUrl })).toThrow(/ENGINE_SCHEDULER/);
  });

  it('reports a bad value as Node does', () => {
    expect(() => loadWorkerConfig({ DATABASE_URL: 'mysql://x', ENGINE_SCHEDULER: scheduler })).toThrow(/DATABASE_URL:/);
    expect(() =>
      loadWorkerConfig({ DATABASE_URL: databaseUrl, CARRIER_TIMEOUT_MS: 'soon', ENGINE_SCHEDULER: scheduler }),
    ).toThrow(/CARRIER_TIMEOUT_MS:/);
  });
});
