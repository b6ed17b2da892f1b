import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requestExamples } from '../../src/openapi-examples/index.js';
import { type Harness, startHarness } from '../helpers/gateway-harness.js';

type Json = Record<string, unknown>;
let harness: Harness;
beforeAll(async () => {
  harness = await startHarness();
});
afterAll(async () => {
  await harness?.close();
});

const spsEsim = requestExamples.activateSpsEsim.value as Json;
const { carrier: _named, connection: _connection, ...spsEsimUnnamed } = spsEsim;

describe('routing rules', () => {
  it('refuses, when written, a rule whose connection cannot do what it routes, naming the rule and field', async () => {
    const dutchToSps = await harness.json<Json>('PUT', '/v1/routing-rules', {
      body: {
        rules: [
          { match: { routing: 'x' }, connection: 'stn' },
          { match: { numberPrefix: '+316' }, connection: 'sps' },
        ],
      },
    });
    expect(dutchToSps.status).toBe(422);
    expect(dutchToSps.body.errors).toEqual([
      { pointer: '/rules/1/match/numberPrefix', detail: expect.stringContaining('+1') },
    ]);

    const country = await harness.json<Json>('PUT', '/v1/routing-rules', {
      body: { rules: [{ match: { country: 'US' }, connection: 'stn' }] },
    });
    expect(country.status).toBe(422);
    expect(country.body.errors).toEqual([{ pointer: '/rules/0/match/country', detail: expect.stringContaining('NL') }]);

    const plan = await harness.json<Json>('PUT', '/v1/routing-rules', {
      body: { rules: [{ match: { plan: 'Plan001' }, connection: 'stn' }] },
    });
    expect(plan.status).toBe(422);
    expect(plan.body.errors).toEqual([{ pointer: '/rules/0/match/plan', detail: expect.stringContaining('SP16001') }]);

    const unknown = await harness.json<Json>('PUT', '/v1/routing-rules', {
      body: { rules: [{ match: {}, connection: 'nowhere' }] },
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors).toEqual([
      { pointer: '/rules/0/connection', detail: expect.stringContaining('nowhere') },
    ]);

    const never = await harness.json<Json>('PUT', '/v1/routing-rules', {
      body: { rules: [{ match: { kind: 'activate', country: 'NL' }, connection: 'stn' }] },
    });
    expect(never.status).toBe(400);
    expect(never.body.errors).toEqual([{ pointer: '/rules/0/match/kind', detail: expect.any(String) }]);

    // Nothing was stored by the refusals.
    expect((await harness.json<Json>('GET', '/v1/routing-rules')).body).toEqual({
      rules: [],
      version: 0,
      updatedAt: null,
    });
  });

  it('chooses the connection of a new line by the first matching rule, else the default, and says which', async () => {
    const rules = [
      { match: { routing: 'us', sim: 'esim' }, connection: 'sps', description: 'US eSIMs' },
      { match: { numberPrefix: '+316' }, connection: 'stn' },
    ];
    const put = await harness.json<Json>('PUT', '/v1/routing-rules', { body: { rules } });
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ rules, version: 1 });
    expect((await harness.json<Json>('GET', '/v1/carriers')).body.routingRules).toEqual(rules);

    const routed = await harness.json<Json>('POST', '/v1/subscriptions', {
      body: { ...spsEsimUnnamed, routing: 'us' },
    });
    expect(routed.status, JSON.stringify(routed.body)).toBe(202);
    expect(routed.body.carrierType).toBe('sps');
    const line = (await harness.json<Json>('GET', `/v1/subscriptions/${routed.body.subscriptionId}`)).body;
    expect(line).toMatchObject({
      carrier: 'sps',
      routedBy: { by: 'rule', rule: 0, connection: 'sps', description: 'US eSIMs' },
    });

    // The same request without the tag matches no rule: the default connection (sTN), which says so.
    const fallback = await harness.json<Json>('POST', '/v1/subscriptions', {
      body: { sim: { type: 'esim', deliveryEmail: 'jan@example.com', confirmationCode: '4821' } },
    });
    expect(fallback.status, JSON.stringify(fallback.body)).toBe(202);
    expect(fallback.body.carrierType).toBe('stn');
    const defaultLine = (await harness.json<Json>('GET', `/v1/subscriptions/${fallback.body.subscriptionId}`)).body;
    expect(defaultLine.routedBy).toEqual({ by: 'default' });

    // A named connection wins over the rules.
    const named = await harness.json<Json>('POST', '/v1/subscriptions', { body: { ...spsEsim, routing: 'us' } });
    expect(named.status).toBe(202);
    const namedLine = (await harness.json<Json>('GET', `/v1/subscriptions/${named.body.subscriptionId}`)).body;
    expect(namedLine.routedBy).toEqual({ by: 'request', connection: 'sps' });
  });
});
