/** Webhook SSRF through the API: private targets refused at registration, and again after DNS at delivery. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../helpers/gateway-harness.js';
import { stnSimulatorOf } from '../helpers/sandbox-simulators.js';

let strict: Harness;
let sandboxDefault: Harness;
const resolved: string[] = [];
beforeAll(async () => {
  strict = await startHarness({
    environment: { WEBHOOK_ALLOW_PRIVATE_TARGETS: 'false' },
    // A name that passes registration but points at loopback, as an attacker's DNS would.
    resolveHostname: async (hostname) => {
      resolved.push(hostname);
      return hostname === 'rebind.example.com' ? ['127.0.0.1'] : ['93.184.216.34'];
    },
  });
  sandboxDefault = await startHarness({ environment: { WEBHOOK_ALLOW_PRIVATE_TARGETS: '' } });
});
afterAll(async () => {
  await strict?.close();
  await sandboxDefault?.close();
});

describe('webhook registration refuses private targets', () => {
  it.each([
    'http://127.0.0.1:5432/x',
    'http://localhost:8080/x',
    'http://10.1.2.3/x',
    'http://172.16.5.5/x',
    'http://192.168.1.1/x',
    'http://100.64.0.1/x',
    'http://169.254.169.254/latest/meta-data/',
    'http://0.0.0.0:22/',
    'http://[::1]:8080/x',
    'http://[fd00::1]/x',
    'http://[fe80::1]/x',
    'http://[::ffff:127.0.0.1]/x',
    'http://2130706433/x',
  ])('%s → 422 naming url', async (url) => {
    const response = await strict.json('POST', '/v1/webhook-endpoints', { body: { url } });
    expect(response.status).toBe(422);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(response.body).toMatchObject({
      code: 'refused_by_policy',
      errors: [expect.objectContaining({ pointer: '/url' })],
    });
  });

  it('keeps nothing of a refused registration', async () => {
    const listed = await strict.json<{ data: unknown[] }>('GET', '/v1/webhook-endpoints');
    expect(listed.body.data).toEqual([]);
  });

  it('allows loopback receivers in sandbox mode by default, but not the private network', async () => {
    const loopback = await sandboxDefault.json('POST', '/v1/webhook-endpoints', {
      body: { url: 'http://127.0.0.1:9999/hooks' },
    });
    expect(loopback.status).toBe(201);
    const lan = await sandboxDefault.json('POST', '/v1/webhook-endpoints', { body: { url: 'http://10.0.0.7/hooks' } });
    expect(lan.status).toBe(422);
  });
});

describe('webhook delivery checks the resolved address', () => {
  it('never sends to a name that resolves to loopback, and reports only "delivery failed"', async () => {
    const registered = await strict.json<{ id: string }>('POST', '/v1/webhook-endpoints', {
      body: { url: 'http://rebind.example.com/hooks' },
    });
    expect(registered.status).toBe(201);
    let reached = 0;
    strict.external.set('http://rebind.example.com', async () => {
      reached++;
      return new Response(null, { status: 204 });
    });
    const iccid = stnSimulatorOf(strict.gateway).listFreeSims()[0];
    const activation = await strict.json<{ id: string }>('POST', '/v1/subscriptions', {
      body: { sim: { type: 'physical', iccid } },
    });
    await strict.awaitOperation(activation.body.id);
    type Deliveries = { data: Array<{ attempts: number; lastError: string | null; lastStatusCode: number | null }> };
    let deliveries: Deliveries = { data: [] };
    await strict.settle(async () => {
      deliveries = (await strict.json<Deliveries>('GET', `/v1/webhook-endpoints/${registered.body.id}/deliveries`))
        .body;
      return deliveries.data.length > 0 && deliveries.data.every((delivery) => delivery.attempts > 0);
    });
    expect(resolved).toContain('rebind.example.com');
    expect(reached).toBe(0);
    for (const delivery of deliveries.data) {
      expect(delivery).toMatchObject({ lastError: 'delivery failed', lastStatusCode: null });
    }
  });
});
