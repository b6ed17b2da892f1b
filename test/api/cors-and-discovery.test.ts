import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/runtime/config.js';
import { type Harness, startHarness } from '../helpers/gateway-harness.js';

let harness: Harness;
let withoutCors: Harness;
beforeAll(async () => {
  harness = await startHarness({ environment: { CORS_ORIGINS: 'https://app.example.com, http://localhost:5173' } });
  withoutCors = await startHarness();
});
afterAll(async () => {
  await harness?.close();
  await withoutCors?.close();
});

const preflight = (origin: string) => ({
  origin,
  'access-control-request-method': 'POST',
  'access-control-request-headers': 'authorization, content-type, idempotency-key',
});
const corsHeaders = (headers: Headers) => [...headers.keys()].filter((name) => name.startsWith('access-control-'));

describe('CORS', () => {
  it('answers a preflight from an allowed origin without an API key', async () => {
    const response = await harness.request('OPTIONS', '/v1/subscriptions', {
      key: null,
      headers: preflight('https://app.example.com'),
    });
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe('https://app.example.com');
    expect(response.headers.get('access-control-allow-methods')).toContain('POST');
    expect(response.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('idempotency-key');
  });

  it('lets the browser read the answer and its headers on the real request', async () => {
    const response = await harness.request('GET', '/v1/carriers', { headers: { origin: 'http://localhost:5173' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
    expect(response.headers.get('access-control-expose-headers')?.toLowerCase()).toContain('x-request-id');
  });

  it('gives another origin no CORS headers at all, preflight or not', async () => {
    const other = await harness.request('OPTIONS', '/v1/subscriptions', {
      key: null,
      headers: preflight('https://evil.example.org'),
    });
    expect(corsHeaders(other.headers)).toEqual([]);
    expect(other.status).toBeGreaterThanOrEqual(400);
    const get = await harness.request('GET', '/v1/carriers', { headers: { origin: 'https://evil.example.org' } });
    expect(corsHeaders(get.headers)).toEqual([]);
  });

  it('allows no origin by default', async () => {
    const response = await withoutCors.request('OPTIONS', '/v1/subscriptions', {
      key: null,
      headers: preflight('https://app.example.com'),
    });
    expect(corsHeaders(response.headers)).toEqual([]);
  });

  it('refuses a CORS_ORIGINS entry that is not an origin, naming the variable', () => {
    expect(() => loadConfig({ CORS_ORIGINS: 'https://app.example.com/' })).toThrow(/CORS_ORIGINS/);
    expect(() => loadConfig({ CORS_ORIGINS: 'app.example.com' })).toThrow(/CORS_ORIGINS/);
    expect(loadConfig({ CORS_ORIGINS: 'https://a.example, https://b.example:8443' }).CORS_ORIGINS).toEqual([
      'https://a.example',
      'https://b.example:8443',
    ]);
  });
});

describe('discovery', () => {
  it('answers GET / with links, without a key', async () => {
    const index = await harness.json('GET', '/', { key: null });
    expect(index.status).toBe(200);
    expect(index.body).toMatchObject({
      name: 'mvno-gateway',
      docs: '/docs',
      openapi: '/openapi.json',
      health: { live: '/healthz', ready: '/readyz' },
      sandbox: '/sandbox',
    });
    for (const link of ['/docs', '/openapi.json', '/healthz', '/readyz']) {
      expect((await harness.request('GET', link, { key: null })).status, link).toBe(200);
    }
  });

  it('GET /sandbox says enough to activate on each simulated carrier, and to connect a new tenant', async () => {
    const guide = await harness.json<{
      carriers: Array<{
        name: string;
        freeSims: { count: number; iccids: string[] };
        plans: string[];
        location?: Record<string, string>;
        exampleActivation: Record<string, unknown>;
        connection: { carrier: string; config: Record<string, string> };
      }>;
    }>('GET', '/sandbox', { key: null });
    expect(guide.status).toBe(200);
    expect(guide.body.carriers.map((carrier) => carrier.name)).toEqual(['stn', 'sps']);
    for (const carrier of guide.body.carriers) {
      expect(carrier.freeSims.count).toBeGreaterThan(0);
      expect(carrier.plans.length).toBeGreaterThan(0);
      // The example request works as it stands.
      const activation = await harness.json<{ id: string }>('POST', '/v1/subscriptions', {
        body: carrier.exampleActivation,
      });
      expect(activation.status, JSON.stringify(activation.body)).toBe(202);
      const done = await harness.awaitOperation(activation.body.id);
      expect(done.status, JSON.stringify(done)).toBe('succeeded');
    }
    // A new tenant pointed at the simulator with the published config can activate too.
    const tenant = await harness.json<{ tenant: { id: string }; apiKey: { key: string } }>('POST', '/v1/tenants', {
      key: 'admin-key-for-tests-0123456789',
      body: { name: 'Newcomer' },
    });
    expect(tenant.status).toBe(201);
    const stn = guide.body.carriers[0]!;
    const connect = await harness.json('PUT', `/v1/tenants/${tenant.body.tenant.id}/carrier-connections/stn`, {
      key: 'admin-key-for-tests-0123456789',
      body: { ...stn.connection, isDefault: true },
    });
    expect(connect.status, JSON.stringify(connect.body)).toBe(200);
    const iccid = (await harness.json<typeof guide.body>('GET', '/sandbox', { key: null })).body.carriers[0]!.freeSims
      .iccids[0];
    const activation = await harness.json<{ id: string }>('POST', '/v1/subscriptions', {
      key: tenant.body.apiKey.key,
      body: { sim: { type: 'physical', iccid } },
    });
    expect(activation.status, JSON.stringify(activation.body)).toBe(202);
  });
});
