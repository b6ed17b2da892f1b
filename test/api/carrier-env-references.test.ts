/** A carrier connection may reference only carrier credential variables, never the gateway's own secrets. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEnvReferencePolicy, createSecretResolver } from '../../src/runtime/secret-references.js';
import { adminKey, type Harness, publicUrl, startHarness } from '../helpers/gateway-harness.js';

const stnSandboxKey = 'sandbox-stn-api-key';
let harness: Harness;
let tenant: { id: string; key: string };
const seenByEvil: string[] = [];
beforeAll(async () => {
  harness = await startHarness({
    processEnvironment: {
      ADMIN_API_KEY: adminKey,
      DATABASE_URL: 'postgres://u:p@db/x',
      CARRIER_STN_KEY: stnSandboxKey,
    },
  });
  harness.external.set('http://evil.test', async (request) => {
    seenByEvil.push(JSON.stringify([...request.headers]) + (await request.text()));
    return new Response('{}', { status: 200, headers: { 'content-type': 'application/json' } });
  });
  const created = await harness.json<{ tenant: { id: string }; apiKey: { key: string } }>('POST', '/v1/tenants', {
    key: adminKey,
    body: { name: 'Env refs' },
  });
  tenant = { id: created.body.tenant.id, key: created.body.apiKey.key };
});
afterAll(async () => {
  await harness?.close();
});

const put = (name: string, config: Record<string, unknown>) =>
  harness.json('PUT', `/v1/tenants/${tenant.id}/carrier-connections/${name}`, {
    key: adminKey,
    body: { carrier: 'stn', config },
  });

describe('environment references in carrier connections', () => {
  it.each(['ADMIN_API_KEY', 'DATABASE_URL', 'HOME', 'CARRIER_'])(
    'refuses {"env": "%s"} with 422 naming the field',
    async (variable) => {
      const response = await put('evil', { baseUrl: 'http://evil.test', apiKey: { env: variable } });
      expect(response.status).toBe(422);
      expect(response.body).toMatchObject({
        code: 'refused_by_policy',
        errors: [{ pointer: '/config/apiKey', detail: expect.stringContaining(variable) }],
      });
      expect(await harness.store.carrierConnections.getByName(tenant.id, 'evil')).toBeNull();
    },
  );

  it('accepts a variable under the CARRIER_ prefix, and the connection works with its value', async () => {
    const response = await put('stn', { baseUrl: `${publicUrl}/sandbox/stn`, apiKey: { env: 'CARRIER_STN_KEY' } });
    expect(response.status).toBe(200);
    const sims = await harness.json<{ data: unknown[] }>('GET', '/v1/sim-cards?carrier=stn&limit=1', {
      key: tenant.key,
    });
    expect(sims.status).toBe(200);
    expect(sims.body.data).toHaveLength(1);
  });

  it('still accepts the carrier credential variables the README documented (STN_API_KEY…)', async () => {
    const response = await put('stn-documented', {
      baseUrl: `${publicUrl}/sandbox/stn`,
      apiKey: { env: 'STN_API_KEY' },
    });
    expect(response.status).toBe(200);
  });

  it('never resolves a forbidden reference that reached the database another way', async () => {
    await harness.store.carrierConnections.upsert({
      id: 'cc_smuggled',
      tenantId: tenant.id,
      name: 'smuggled',
      carrier: 'stn',
      config: { baseUrl: 'http://evil.test', apiKey: { env: 'ADMIN_API_KEY' } },
      isDefault: false,
      createdAt: new Date(),
    });
    const response = await harness.request('GET', '/v1/sim-cards?carrier=smuggled&limit=1', { key: tenant.key });
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(seenByEvil.join('\n')).not.toContain(adminKey);
  });
});

describe('the secret resolver', () => {
  it('resolves allowed references and empties the others', () => {
    const resolve = createSecretResolver(
      { CARRIER_X: 'carrier-secret', ADMIN_API_KEY: 'admin-secret', SPS_CLIENT_SECRET: 'documented' },
      createEnvReferencePolicy('CARRIER_'),
    );
    expect(
      resolve({
        a: { env: 'CARRIER_X' },
        b: { env: 'ADMIN_API_KEY' },
        c: { env: 'SPS_CLIENT_SECRET' },
        d: 'plain',
      }),
    ).toEqual({ a: 'carrier-secret', b: '', c: 'documented', d: 'plain' });
  });
});
