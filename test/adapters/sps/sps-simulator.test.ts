import { describe, expect, it } from 'vitest';
import { isValidSpsSignature } from '../../../src/adapters/sps/callback-signature.js';
import { createSpsSimulator, type SpsSimulatorOptions } from '../../../src/adapters/sps/simulator/index.js';

/** The simulator on its own, spoken to over HTTP the way a partner would. */
const secret = 'callback-secret-0123456789abcdef';
const location = { addressLine1: '1 Main St', city: 'Denver', state: 'CO', zipCode: '80202' };

function setUp(options: Partial<SpsSimulatorOptions> = {}) {
  let clock = new Date('2025-03-10T12:00:00.000Z');
  const received: Request[] = [];
  let receiverStatus = 204;
  const simulator = createSpsSimulator({
    clientId: 'partner',
    clientSecret: 'partner-secret',
    callbackUrl: 'https://partner.example/callbacks',
    callbackSecret: secret,
    now: () => clock,
    fetch: async (input) => {
      received.push((input as Request).clone());
      return new Response(null, { status: receiverStatus });
    },
    ...options,
  });
  let token: string | undefined;
  async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
    if (!token) {
      const answer = await simulator.app.fetch(
        new Request('https://sps.test/oauth2/token', {
          method: 'POST',
          headers: {
            Authorization: `Basic ${btoa('partner:partner-secret')}`,
            'Content-Type': 'application/x-www-form-urlencoded',
          },
          body: 'grant_type=client_credentials',
        }),
      );
      token = ((await answer.json()) as { access_token: string }).access_token;
    }
    const response = await simulator.app.fetch(
      new Request(`https://sps.test${path}`, {
        method,
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', ...headers },
        ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
      }),
    );
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : null, headers: response.headers };
  }
  async function advance(milliseconds: number) {
    clock = new Date(clock.getTime() + milliseconds);
    await simulator.settle();
  }
  async function activate(partnerTransactionId: string, extra: Record<string, unknown> = {}) {
    const iccid = simulator.listAvailableSims()[0]!;
    const answer = await call('POST', '/subscription/activate', {
      partnerTransactionId,
      subscriberId: `Sub-${partnerTransactionId}`,
      wholesalePlanId: 'Plan001',
      location,
      iccid,
      ...extra,
    });
    return { answer, iccid };
  }
  return {
    simulator,
    call,
    advance,
    activate,
    received,
    setReceiverStatus: (status: number) => {
      receiverStatus = status;
    },
  };
}

describe('SPS simulator: authentication', () => {
  it('issues a bearer token for the right client credentials only', async () => {
    const { simulator } = setUp();
    const token = (authorization: string, body = 'grant_type=client_credentials') =>
      simulator.app.fetch(
        new Request('https://sps.test/oauth2/token', {
          method: 'POST',
          headers: { Authorization: authorization },
          body,
        }),
      );
    const good = await token(`Basic ${btoa('partner:partner-secret')}`);
    expect(good.status).toBe(200);
    expect(await good.json()).toMatchObject({ token_type: 'Bearer', expires_in: 3600 });
    expect((await token(`Basic ${btoa('partner:guess')}`)).status).toBe(401);
    expect((await token(`Basic ${btoa('partner:partner-secret')}`, 'grant_type=password')).status).toBe(400);
  });

  it('answers 401 to API calls without a valid token', async () => {
    const { simulator } = setUp();
    const response = await simulator.app.fetch(new Request('https://sps.test/subscription/details?gpsi=19455550100'));
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ status: 'Failure', errorCode: 'SPS-401-UNAUTHORISED' });
  });
});

describe('SPS simulator: validation', () => {
  it('answers 400 with one entry per invalid field', async () => {
    const { call } = setUp();
    const answer = await call('POST', '/subscription/activate', {
      partnerTransactionId: 'x'.repeat(37),
      subscriberId: 'Sub001',
      wholesalePlanId: 'Plan001',
      location: { ...location, zipCode: '8020' },
      billCycleStartDay: 29,
      iccid: '123',
    });
    expect(answer.status).toBe(400);
    const fields = (answer.body.errors as Array<{ field: string }>).map((error) => error.field);
    expect(fields).toEqual(
      expect.arrayContaining(['partnerTransactionId', 'location.zipCode', 'billCycleStartDay', 'iccid']),
    );
  });

  it('requires exactly one of iccid and gpsi, and a known action, to update a status', async () => {
    const { call } = setUp();
    const both = await call('PATCH', '/subscription/status', {
      partnerTransactionId: 'T1',
      iccid: '8901260000000000001',
      gpsi: '19455550100',
      action: 'Suspend',
    });
    expect(both.status).toBe(400);
    const badAction = await call('PATCH', '/subscription/status', {
      partnerTransactionId: 'T1',
      gpsi: '19455550100',
      action: 'suspend',
    });
    expect(badAction.body.errors).toEqual([expect.objectContaining({ field: 'action' })]);
  });

  it('refuses a wholesaleCustomerId longer than 12 characters', async () => {
    const { call } = setUp();
    const answer = await call('GET', '/subscription/transaction/status/T1', undefined, {
      wholesaleCustomerId: '1234567890123',
    });
    expect(answer.status).toBe(400);
  });
});

describe('SPS simulator: transactions', () => {
  it('acknowledges at once, then moves Received → InProgress → Success as time passes', async () => {
    const { call, advance, activate } = setUp();
    const { answer } = await activate('T1');
    expect(answer).toMatchObject({ status: 200, body: { status: 'Success' } });
    const status = async () => (await call('GET', '/subscription/transaction/status/T1')).body.status;
    expect(await status()).toBe('Received');
    await advance(500);
    expect(await status()).toBe('InProgress');
    await advance(500);
    expect(await status()).toBe('Success');
  });

  it('answers 409 to a reused partnerTransactionId and 404 to an unknown one', async () => {
    const { call, activate } = setUp();
    await activate('T1');
    const again = await activate('T1');
    expect(again.answer).toMatchObject({ status: 409, body: { errorCode: 'SPS-409-DUPLICATE-TRANSACTION' } });
    expect((await call('GET', '/subscription/transaction/status/nope')).status).toBe(404);
  });

  it('checks the lifecycle rule when the transaction runs, so a refusal is a failed transaction', async () => {
    const { call, advance, activate } = setUp();
    await activate('T1');
    await advance(1000);
    const resume = await call('PATCH', '/subscription/status', {
      partnerTransactionId: 'T2',
      iccid: (await call('GET', '/subscription/transaction/status/T1')).body.iccid,
      action: 'Resume',
    });
    expect(resume.status).toBe(200);
    await advance(1000);
    const result = await call('GET', '/subscription/transaction/status/T2');
    expect(result.body).toMatchObject({
      status: 'Failure',
      errors: [
        { code: 'SPS-TXN-STATE-CONFLICT', message: expect.stringContaining('Resume allowed only on suspended') },
      ],
    });
  });

  it('accepts the GPSI as a JSON number, as the documented sample sends it', async () => {
    const { call, advance, activate } = setUp();
    await activate('T1');
    await advance(1000);
    const gpsi = (await call('GET', '/subscription/transaction/status/T1')).body.gpsi as string;
    const suspend = await call(
      'POST',
      '/subscription/status',
      `{"partnerTransactionId":"T2","gpsi":${gpsi},"action":"Suspend"}`,
    );
    expect(suspend.status).toBe(200);
    await advance(1000);
    expect((await call('GET', `/subscription/details?gpsi=${gpsi}`)).body.status).toBe('Suspended');
  });

  it('assigns a US number when none is given and allocates an eSIM profile for an EID', async () => {
    const { call, advance } = setUp();
    await call('POST', '/subscription/activate', {
      partnerTransactionId: 'T1',
      subscriberId: 'Sub001',
      wholesalePlanId: 'Plan001',
      location,
      eid: '89049032000001000000000000000123',
    });
    await advance(1000);
    const body = (await call('GET', '/subscription/transaction/status/T1')).body;
    expect(body.gpsi).toMatch(/^1[0-9]{10}$/);
    expect(body.esim).toMatchObject({
      iccid: body.iccid,
      activationCode: `LPA:1$${body.esim.smdpAddress}$${body.esim.matchingId}`,
    });
    const sim = await call('GET', `/sim/simDetails?iccid=${body.iccid}`);
    expect(sim.body).toMatchObject({ simType: 'eSIM', simStatus: 'Active', gpsi: body.gpsi });
  });
});

describe('SPS simulator: callbacks', () => {
  it('POSTs a signed notification carrying the original X-Correlation-Id when a transaction completes', async () => {
    const { advance, activate, received } = setUp();
    await activate('T1');
    await advance(1000);
    expect(received).toHaveLength(1);
    const callback = received[0]!;
    const body = await callback.text();
    const timestamp = Number(callback.headers.get('X-Sps-Timestamp'));
    expect(await isValidSpsSignature(secret, timestamp, body, callback.headers.get('X-Sps-Signature')!)).toBe(true);
    expect(JSON.parse(body)).toMatchObject({
      partnerTransactionId: 'T1',
      status: 'Success',
      eventType: 'SubscriptionActivated',
    });
    expect(callback.headers.get('X-Correlation-Id')).toBeTruthy();
  });

  it('retries with growing delays while the receiver fails, signing each attempt afresh, and stops once it succeeds', async () => {
    const { simulator, advance, activate, received, setReceiverStatus } = setUp();
    setReceiverStatus(503);
    await activate('T1');
    await advance(1000); // attempt 1
    await advance(1000); // attempt 2, 1 s later
    await advance(1000); // attempt 3 is due 2 s after attempt 2: nothing yet
    expect(simulator.callbackAttempts().map((attempt) => attempt.attempt)).toEqual([1, 2]);
    setReceiverStatus(200);
    await advance(1000); // attempt 3
    await advance(60_000);
    const attempts = simulator.callbackAttempts();
    expect(attempts.map((attempt) => [attempt.attempt, attempt.outcome])).toEqual([
      [1, 'failed'],
      [2, 'failed'],
      [3, 'delivered'],
    ]);
    const signatures = new Set(received.map((request) => request.headers.get('X-Sps-Signature')));
    expect(signatures.size).toBe(3);
    expect(new Set(received.map((request) => request.headers.get('X-Sps-Timestamp'))).size).toBe(3);
  });

  it('gives up after five attempts', async () => {
    const { simulator, advance, activate, setReceiverStatus } = setUp();
    setReceiverStatus(500);
    await activate('T1');
    for (let second = 0; second < 40; second++) await advance(1000);
    expect(simulator.callbackAttempts()).toHaveLength(5);
  });

  it('stores the callback registration, never showing the secret back', async () => {
    const { call, advance, activate, received } = setUp({ callbackUrl: undefined, callbackSecret: undefined });
    expect((await call('GET', '/admin/callback')).status).toBe(404);
    const put = await call('PUT', '/admin/callback', {
      url: 'https://partner.example/new-callbacks',
      auth: { type: 'HmacSha256', secret: 'another-secret-0123456789' },
    });
    expect(put.body).toEqual({
      url: 'https://partner.example/new-callbacks',
      auth: { type: 'HmacSha256' },
      updatedDate: expect.any(String),
    });
    expect(JSON.stringify((await call('GET', '/admin/callback')).body)).not.toContain('another-secret');
    await activate('T1');
    await advance(1000);
    expect(received[0]?.url).toBe('https://partner.example/new-callbacks');
  });
});

describe('SPS simulator: other operations', () => {
  it('checks port-in eligibility, SIMs and device compatibility', async () => {
    const { simulator, call, advance, activate } = setUp();
    expect((await call('POST', '/portin/eligibility', { gpsi: '13035550100' })).body.eligibilityStatus).toBe(
      'Eligible',
    );
    expect((await call('POST', '/portin/eligibility', { gpsi: '19999999999' })).body).toMatchObject({
      eligibilityStatus: 'Reject',
      reasonCode: '8C',
    });
    const iccid = simulator.listAvailableSims()[0]!;
    expect((await call('GET', `/sim/simCheck?iccid=${iccid}`)).body).toEqual({ validationStatus: true });
    await activate('T1');
    await advance(1000);
    expect((await call('GET', `/sim/simCheck?iccid=${iccid}`)).body).toEqual({ validationStatus: false });
    const gpsi = (await call('GET', '/subscription/transaction/status/T1')).body.gpsi as string;
    expect((await call('POST', '/portin/eligibility', { gpsi })).body).toMatchObject({
      reasonCode: '8A',
      reasonDesc: 'NumberalreadyActive',
    });
    const compatibility = await call('GET', '/device/compatibility?tac=35000000');
    expect(compatibility.body.networkCompatibilityList[0].compatible).toBe(false);
    expect((await call('GET', '/device/compatibility?pei=356462520000001')).body.equipmentType).toBe('PHONE');
  });

  it('updates the bill cycle of an active line at once, and blocks and unblocks its SIM', async () => {
    const { call, advance, activate } = setUp();
    await activate('T1');
    await advance(1000);
    const gpsi = (await call('GET', '/subscription/transaction/status/T1')).body.gpsi as string;
    const bill = await call('POST', '/profile/billCycle', {
      gpsi,
      billCycleFrequency: 'MONTHLY',
      billCycleStartDay: 15,
    });
    expect(bill.body).toEqual({ status: 'Success' });
    expect((await call('GET', `/subscription/details?gpsi=${gpsi}`)).body.billCycleStartDay).toBe(15);
    await call('POST', '/sim/block', { partnerTransactionId: 'T2', gpsi, action: 'Block' });
    await advance(1000);
    expect((await call('GET', `/subscription/details?gpsi=${gpsi}`)).body.simBlocked).toBe(true);
    await call('POST', '/sim/block', { partnerTransactionId: 'T3', gpsi, action: 'Block' });
    await advance(1000);
    expect((await call('GET', '/subscription/transaction/status/T3')).body.status).toBe('Failure');
  });

  it('lists its SIM stock over /_sim/available-sims, for drills that run it as a separate process', async () => {
    const { simulator, activate, advance } = setUp({
      seed: { availableIccids: ['8901269900000000001', '8901269900000000002'] },
    });
    const stock = async () =>
      (
        (await (await simulator.app.fetch(new Request('https://sps.test/_sim/available-sims'))).json()) as {
          iccids: string[];
        }
      ).iccids;
    expect(await stock()).toEqual(['8901269900000000001', '8901269900000000002']);
    await activate('T1');
    await advance(1000);
    expect(await stock()).toEqual(['8901269900000000002']);
  });

  it('records every request in the ledger, also over /_sim/ledger', async () => {
    const { simulator, activate } = setUp();
    await activate('T1');
    const response = await simulator.app.fetch(new Request('https://sps.test/_sim/ledger'));
    const { entries } = (await response.json()) as { entries: Array<{ method: string; path: string }> };
    expect(entries.map((entry) => `${entry.method} ${entry.path}`)).toEqual([
      'POST /oauth2/token',
      'POST /subscription/activate',
    ]);
  });
});
