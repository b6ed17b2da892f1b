import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCarrierPlugins } from '../../src/runtime/carrier-plugin-loader.js';
import { sandboxTenantId } from '../../src/runtime/sandbox-tenant.js';
import { type Harness, startHarness } from '../helpers/gateway-harness.js';

/**
 * A carrier the gateway has never heard of, loaded by path from CARRIER_PLUGINS like an operator's package: its
 * sandbox is served beside sTN and SPS, its connection is in GET /v1/carriers, and a line activates on it — with no
 * file of the gateway naming it. Its secret config field has a name no built-in carrier uses (`vendorSigningKey`).
 */
const pluginSource = `
const capabilities = {
  operations: ['activate'], esim: false, scheduling: [], callbacks: false, batchPolling: false,
  services: [], plans: { meaning: 'none' }, reads: [],
};
const sandboxKey = 'acme-sandbox-signing-key';
export default {
  specVersion: 'v1',
  id: 'acme',
  displayName: 'Acme Mobile',
  capabilities,
  connectionConfigSchema: { safeParse: (value) => ({ success: true, data: value }) },
  secretConfigFields: ['vendorSigningKey'],
  createAdapter(config, { fetch }) {
    const send = async (request) => {
      const response = await fetch(config.baseUrl + '/orders', {
        method: 'POST',
        headers: { 'x-vendor-signature': config.vendorSigningKey, 'content-type': 'application/json' },
        body: JSON.stringify({ reference: request.operation.correlationId, iccid: request.operation.request.sim.iccid }),
      });
      const order = await response.json();
      return { carrierReference: order.id, update: { carrierReference: order.id, state: 'succeeded', carrierStatus: 'DONE',
        facts: { msisdn: '+31687654321', iccid: request.operation.request.sim.iccid } } };
    };
    return {
      specVersion: 'v1', id: 'acme', capabilities,
      validate: () => ({ warnings: [] }),
      submit: send,
      poll: async () => [],
      findSubmission: async () => ({ found: false }),
    };
  },
  sandbox: {
    createSimulator() {
      const orders = [];
      return {
        orders,
        fetch: async (request) => {
          if (request.headers.get('x-vendor-signature') !== sandboxKey) return new Response('no', { status: 401 });
          orders.push(await request.json());
          return Response.json({ id: 'ACME-' + orders.length });
        },
        startClock: () => () => {},
        freeSims: () => ['8931099000000000001', '8931099000000000002'],
      };
    },
    connectionConfig: ({ baseUrl }) => ({ baseUrl, vendorSigningKey: sandboxKey }),
    guide: (simulator, { connectionName }) => ({
      exampleActivation: { connection: connectionName, sim: { type: 'physical', iccid: simulator.freeSims()[0] } },
    }),
  },
};
`;

let directory: string;
let harness: Harness;
beforeAll(async () => {
  directory = mkdtempSync(join(tmpdir(), 'mvno-acme-'));
  writeFileSync(join(directory, 'acme-plugin.mjs'), pluginSource);
  const plugins = await loadCarrierPlugins('stn,sps,./acme-plugin.mjs', { cwd: directory });
  harness = await startHarness({ plugins });
});
afterAll(async () => {
  await harness?.close();
  rmSync(directory, { recursive: true, force: true });
});

describe('a plugin loaded by module name', () => {
  it('serves its sandbox beside the built-in ones, under a connection id derived from its id', async () => {
    const guide = await harness.json<{ carriers: Array<{ name: string; exampleActivation: unknown }> }>(
      'GET',
      '/sandbox',
      {
        key: null,
      },
    );
    expect(guide.body.carriers.map((carrier) => carrier.name)).toEqual(['stn', 'sps', 'acme']);
    expect(harness.gateway.sandbox?.carriers.get('acme')?.baseUrl).toBe('http://gateway.test/sandbox/acme');
    const connection = await harness.store.carrierConnections.getByName(sandboxTenantId, 'acme');
    expect(connection?.id).toBe('cc_sandbox_acme');
  });

  it('activates a line through its adapter and its simulator, and keeps its secret out of the API', async () => {
    const carriers = await harness.json<{ data: Array<Record<string, unknown>> }>('GET', '/v1/carriers');
    expect(carriers.body.data.find((item) => item.connection === 'acme')).toMatchObject({
      carrierId: 'acme',
      displayName: 'Acme Mobile',
    });
    const guide = await harness.json<{ carriers: Array<{ name: string; exampleActivation: unknown }> }>(
      'GET',
      '/sandbox',
      {
        key: null,
      },
    );
    const example = guide.body.carriers.find((carrier) => carrier.name === 'acme')?.exampleActivation;
    const accepted = await harness.json<{ id: string }>('POST', '/v1/subscriptions', { body: example });
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(202);
    const done = await harness.awaitOperation(accepted.body.id);
    expect(done).toMatchObject({ status: 'succeeded', carrierId: 'acme', carrierReference: 'ACME-1' });
    const attempts = await harness.json('GET', `/v1/operations/${accepted.body.id}/attempts`);
    expect(attempts.status).toBe(200);
    const shown = JSON.stringify([carriers.body, done, attempts.body]);
    expect(shown).not.toContain('acme-sandbox-signing-key');
  });
});
