/**
 * A carrier the gateway does not ship, loaded by module name: the example carrier (examples/carrier-dutchtel) installed
 * into an operator's project, `CARRIER_PLUGINS=stn,sps,mvno-carrier-dutchtel`, and `src/runtime/node.ts` started from
 * that project. A line is activated through the gateway's API at a DutchTel simulator served by this test.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { serve } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../helpers/child-gateway.js';
import { createOperatorProject, type OperatorGateway, startOperatorGateway } from '../helpers/dutchtel-install.js';

const adminKey = 'admin-key-for-the-module-name-test-0123';
const sandboxKey = 'sk_sandbox_mvno_gateway';
const apiToken = 'module-name-test-dutchtel-token';
const webhookSecret = 'module-name-test-dutchtel-webhook-secret';

let project: string;
let child: OperatorGateway | undefined;
let stopSimulator: (() => void) | undefined;
let gatewayUrl: string;
let simulatorUrl: string;

/** The DutchTel simulator, from the installed copy, served as the carrier would be: another server, pushing to us. */
async function startSimulator(callbackUrl: string): Promise<{ freeSim: string }> {
  const simulatorModule = await import(
    pathToFileURL(join(project, 'node_modules/mvno-carrier-dutchtel/src/simulator/index.ts')).href
  );
  const simulator = simulatorModule.createDutchTelSimulator({
    apiToken,
    webhookSecret,
    webhookUrl: callbackUrl,
    delayMs: 100,
  });
  const stopClock = simulator.startClock(50);
  const server = serve({ fetch: simulator.app.fetch, port: Number(new URL(simulatorUrl).port), hostname: '127.0.0.1' });
  stopSimulator = () => {
    stopClock();
    server.close();
  };
  return { freeSim: simulator.availableSims()[0] };
}

async function json(method: string, path: string, key: string, body?: unknown) {
  const response = await fetch(`${gatewayUrl}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${key}`,
      'content-type': 'application/json',
      ...(method === 'GET' ? {} : { 'idempotency-key': `module-name-${Math.random()}` }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

beforeAll(async () => {
  project = createOperatorProject();
  simulatorUrl = `http://127.0.0.1:${await freePort()}`;
  child = await startOperatorGateway(project, { ADMIN_API_KEY: adminKey });
  gatewayUrl = child.url;
}, 90_000);

afterAll(() => {
  child?.stop();
  stopSimulator?.();
  if (project) rmSync(project, { recursive: true, force: true });
});

describe('a carrier plugin loaded by module name (CARRIER_PLUGINS=…,mvno-carrier-dutchtel)', () => {
  it('takes a DutchTel connection and activates a line there through the gateway', async () => {
    const connection = await json('PUT', '/v1/tenants/ten_sandbox/carrier-connections/dutchtel-external', adminKey, {
      carrier: 'dutchtel',
      config: { baseUrl: simulatorUrl, apiToken, webhookSecret },
    });
    expect(connection, 'the gateway should know the dutchtel plugin').toMatchObject({
      status: 200,
      body: { carrier: 'dutchtel' },
    });
    // Results come back by signed webhook (polling is only the gateway's safety net, a minute apart).
    const { freeSim } = await startSimulator(`${gatewayUrl}/v1/callbacks/dutchtel/${connection.body.id}`);

    const accepted = await json('POST', '/v1/subscriptions', sandboxKey, {
      carrier: 'dutchtel-external',
      sim: { type: 'physical', iccid: freeSim },
      plan: 'DT-PLUS',
    });
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(202);
    let operation: Record<string, unknown> = accepted.body;
    for (let attempt = 0; attempt < 150 && !['succeeded', 'failed'].includes(String(operation.status)); attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      operation = (await json('GET', `/v1/operations/${accepted.body.id}`, sandboxKey)).body;
    }
    expect(operation.status, JSON.stringify(operation)).toBe('succeeded');
    const subscription = await json('GET', `/v1/subscriptions/${operation.subscriptionId}`, sandboxKey);
    expect(subscription.body).toMatchObject({
      status: 'active',
      iccid: freeSim,
      msisdn: expect.stringMatching(/^\+3161/),
    });
  });

  it('serves its simulator in the sandbox beside sTN and SPS, and activates an eSIM there', async () => {
    const guide = await json('GET', '/sandbox', sandboxKey);
    expect(JSON.stringify(guide.body), 'GET /sandbox should describe the DutchTel sandbox').toContain('dutchtel');
    const accepted = await json('POST', '/v1/subscriptions', sandboxKey, {
      carrier: 'dutchtel',
      sim: { type: 'esim' },
    });
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(202);
    let operation: Record<string, unknown> = accepted.body;
    for (let attempt = 0; attempt < 150 && !['succeeded', 'failed'].includes(String(operation.status)); attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      operation = (await json('GET', `/v1/operations/${accepted.body.id}`, sandboxKey)).body;
    }
    expect(operation.status, JSON.stringify(operation)).toBe('succeeded');
    const subscription = await json('GET', `/v1/subscriptions/${operation.subscriptionId}`, sandboxKey);
    expect(subscription.body).toMatchObject({ status: 'active', esim: true, msisdn: expect.stringMatching(/^\+3161/) });
    expect(operation.result, 'the eSIM activation code (for the QR code) in the result').toMatchObject({
      esimProfile: { activationCode: expect.stringMatching(/^LPA:1\$/) },
    });
  });
});
