import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createSpsSimulator, type SpsSimulatorOptions } from '../../../src/adapters/sps/simulator/index.js';
import { readGpsi } from '../../../src/adapters/sps/sps-gpsi.js';
import { CarrierUnavailableError } from '../../../src/core/index.js';
import { createHarness } from './sps-test-harness.js';

/**
 * The deviations the documentation audit of issue 14 found between the SPS pages (/work/shared/providers/sps.md)
 * and our spec, adapter or simulator. Each test quotes the fact it checks.
 */
const location = { addressLine1: '9601 S Meridian Blvd', city: 'Englewood', state: 'CO', zipCode: '80112' };

/** The simulator spoken to over HTTP the way a partner would, with a manual clock. */
function partner(options: Partial<SpsSimulatorOptions> = {}) {
  let clock = new Date('2025-03-10T12:00:00.000Z');
  const simulator = createSpsSimulator({
    clientId: 'partner',
    clientSecret: 'partner-secret',
    now: () => clock,
    ...options,
  });
  let token: string | undefined;
  async function call(method: string, path: string, body?: unknown) {
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
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      }),
    );
    const text = await response.text();
    // biome-ignore lint/suspicious/noExplicitAny: raw carrier JSON whose shape each test asserts
    return { status: response.status, body: (text ? JSON.parse(text) : null) as any, headers: response.headers };
  }
  async function advance(milliseconds: number) {
    clock = new Date(clock.getTime() + milliseconds);
    await simulator.settle();
  }
  return { simulator, call, advance };
}

describe('SPS, deviation 5: 429 without Retry-After', () => {
  // sps.md §7.6: "sample codes exist for 200, 400, 401, 404, 409, 429 and 500" — no Retry-After header is documented.
  it('a 429 with no Retry-After (the documented case) is retryable, not arrived, with no invented wait', async () => {
    const harness = createHarness();
    const iccid = harness.simulator.listAvailableSims()[0] as string;
    const request = harness.submitRequest(
      'activate',
      { sim: { type: 'physical', iccid }, plan: 'Plan001', carrierOptions: { sps: { location } } },
      harness.newLine(),
    );
    await harness.adapter.findSubmission(request); // obtains the token before the faults start
    harness.simulator.faults.set({ rateLimitRate: 1 });
    const error = await harness.adapter.submit(request).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(CarrierUnavailableError);
    expect(error).toMatchObject({ isRetryable: true, requestMayHaveArrived: false, retryAfterSeconds: undefined });
  });

  it('the simulator sends no Retry-After unless asked to', async () => {
    const { simulator, call } = partner();
    await call('GET', '/_sim/available-sims');
    simulator.faults.set({ rateLimitRate: 1 });
    const answer = await call('GET', '/subscription/details?gpsi=19459986891');
    expect(answer.status).toBe(429);
    expect(answer.headers.get('retry-after')).toBeNull();
  });
});

describe('SPS, deviation 6: activation accepts what the schema accepts; inferred rules fail the transaction', () => {
  // sps.md §3.1: "| `iccid` | optional |", "| `eid` | optional* | … *Required for BYOD. |", "| `gpsiReservationId` |
  // optional |", and the request sample: `gpsiReservationId "GRID368599719"`, `iccid "11986621644523024501"`,
  // `pei "2288151828896431"`, `eSIMDeliveryMethod "QR"`.
  async function activate(world: ReturnType<typeof partner>, id: string, extra: Record<string, unknown>) {
    const answer = await world.call('POST', '/subscription/activate', {
      partnerTransactionId: id,
      subscriberId: `Sub-${id}`,
      wholesalePlanId: 'Plan001',
      location,
      ...extra,
    });
    await world.advance(5000);
    const status = await world.call('GET', `/subscription/transaction/status/${id}`);
    return { answer, status: status.body };
  }

  it('iccid with eSIMDeliveryMethod "QR", as in the documented sample: accepted, and carried out', async () => {
    const world = partner();
    const iccid = world.simulator.listAvailableSims()[0];
    const { answer, status } = await activate(world, 'Txn-qr', { iccid, eSIMDeliveryMethod: 'QR' });
    expect(answer).toMatchObject({ status: 200, body: { status: 'Success' } });
    expect(status).toMatchObject({ status: 'Success', iccid });
  });

  it('iccid and eid together: accepted (the schema makes both optional, and forbids neither pair)', async () => {
    const world = partner();
    const iccid = world.simulator.listAvailableSims()[0];
    const { answer, status } = await activate(world, 'Txn-both', { iccid, eid: '89049032000001000000000000000001' });
    expect(answer.status).toBe(200);
    expect(status).toMatchObject({ status: 'Success', iccid });
  });

  it('gpsi without gpsiReservationId: accepted, then the transaction fails on the inferred rule', async () => {
    const world = partner();
    const iccid = world.simulator.listAvailableSims()[0];
    const { answer, status } = await activate(world, 'Txn-gpsi', { iccid, gpsi: '13035550100' });
    expect(answer.status).toBe(200);
    expect(status).toMatchObject({ status: 'Failure', errors: [{ code: 'SPS-TXN-GPSI-NOT-RESERVED' }] });
  });

  it('neither iccid nor eid: accepted, then the transaction fails on the inferred rule', async () => {
    const world = partner();
    const { answer, status } = await activate(world, 'Txn-nosim', {});
    expect(answer.status).toBe(200);
    expect(status).toMatchObject({ status: 'Failure', errors: [{ code: 'SPS-TXN-NO-SIM' }] });
  });
});

describe('SPS, deviation 7: simCheck of an unknown ICCID', () => {
  // sps.md §4.4: "Response `{"validationStatus": true}`; the sample is labelled "Valid SIM", with an "Invalid SIM"
  // alternative."
  it('answers {"validationStatus": false}, not 404, for a SIM SPS does not hold', async () => {
    const world = partner();
    const unknown = await world.call('GET', '/sim/simCheck?iccid=89010000000000000999');
    expect(unknown).toMatchObject({ status: 200, body: { validationStatus: false } });
    const known = await world.call('GET', `/sim/simCheck?iccid=${world.simulator.listAvailableSims()[0]}`);
    expect(known).toMatchObject({ status: 200, body: { validationStatus: true } });
  });
});

describe('SPS, deviation 8: inferred elements are marked x-inferred in openapi/sps.yaml', () => {
  // sps.md §2: "`X-Correlation-Id` | `string <uuid>` (schema name `CorrelationId`)" — no length; §7.6: 429 is a sample
  // code, no header; §4.1: only the `"eligibilityStatus":"Reject"` sample is documented.
  const lines = readFileSync(new URL('../../../openapi/sps.yaml', import.meta.url), 'utf8').split('\n');

  /** The lines of the YAML block at `path` (keys by indentation): enough for this flat check, without a parser. */
  function block(path: readonly string[]): string[] {
    let start = 0;
    let indent = -1;
    for (const key of path) {
      const index = lines.findIndex((line, at) => {
        if (at < start) return false;
        const own = line.length - line.trimStart().length;
        return own > indent && line.trimStart().startsWith(`${key}:`);
      });
      if (index < 0) throw new Error(`no ${path.join('.')} in sps.yaml`);
      start = index;
      indent = (lines[index] ?? '').length - (lines[index] ?? '').trimStart().length;
    }
    const end = lines.findIndex(
      (line, at) => at > start && line.trim() !== '' && line.length - line.trimStart().length <= indent,
    );
    return lines.slice(start, end < 0 ? undefined : end);
  }
  const marked = (path: readonly string[]) => block(path).some((line) => line.trim() === 'x-inferred: true');

  it.each([
    [['components', 'responses', 'TooManyRequests', 'Retry-After']],
    [['components', 'schemas', 'CorrelationId']],
    [['components', 'schemas', 'PortInEligibility', 'eligibilityStatus']],
  ])('%j carries x-inferred: true', (path) => {
    expect(marked(path)).toBe(true);
  });

  it('a GPSI SPS sends in an unknown form is kept with a warning, not dropped silently', () => {
    expect(readGpsi('19459986891')).toEqual({ value: '+19459986891' });
    expect(readGpsi(undefined)).toEqual({ value: null });
    expect(readGpsi('0123')).toEqual({ value: '0123', warning: expect.stringContaining("gpsi '0123'") });
  });
});
