import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Logger } from '../../src/http/logger.js';
import { adminKey, type Harness, sandboxKey, startHarness } from '../helpers/gateway-harness.js';
import { stnSimulatorOf } from '../helpers/sandbox-simulators.js';

const lines: string[] = [];
const recordingLogger: Logger = {
  debug: (fields, message) => lines.push(JSON.stringify({ level: 'debug', message, ...fields })),
  info: (fields, message) => lines.push(JSON.stringify({ level: 'info', message, ...fields })),
  warn: (fields, message) => lines.push(JSON.stringify({ level: 'warn', message, ...fields })),
  error: (fields, message) => lines.push(JSON.stringify({ level: 'error', message, ...fields })),
};

let harness: Harness;
beforeAll(async () => {
  harness = await startHarness({ logger: recordingLogger });
});
afterAll(async () => {
  await harness?.close();
});

describe('structured logs', () => {
  it('log each request as one structured line, with no key, secret or Authorization header in any line', async () => {
    const created = await harness.json<{ apiKey: { key: string } }>('POST', '/v1/tenants', {
      key: adminKey,
      body: { name: 'Log test' },
    });
    const endpoint = await harness.json<{ secret: string }>('POST', '/v1/webhook-endpoints', {
      body: { url: 'http://receiver.test/x' },
    });
    await harness.request('GET', '/v1/subscriptions', { key: 'sk_wrong_key_that_must_not_be_logged' });
    const iccid = stnSimulatorOf(harness.gateway).listFreeSims()[0];
    const activation = await harness.json<{ id: string }>('POST', '/v1/subscriptions', {
      body: { sim: { type: 'physical', iccid } },
    });
    await harness.awaitOperation(activation.body.id);

    const requestLines = lines.map((line) => JSON.parse(line)).filter((line) => line.message === 'request');
    expect(requestLines.length).toBeGreaterThan(3);
    for (const line of requestLines) {
      expect(line).toMatchObject({
        method: expect.any(String),
        path: expect.any(String),
        status: expect.any(Number),
        requestId: expect.any(String),
      });
    }
    const everything = lines.join('\n');
    for (const secret of [
      sandboxKey,
      adminKey,
      created.body.apiKey.key,
      endpoint.body.secret,
      'sk_wrong_key_that_must_not_be_logged',
    ]) {
      expect(everything).not.toContain(secret);
    }
    expect(everything.toLowerCase()).not.toContain('bearer');
  });
});
