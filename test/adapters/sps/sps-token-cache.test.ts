import { describe, expect, it } from 'vitest';
import { CarrierUnavailableError } from '../../../src/core/errors.js';
import { createHarness } from './sps-test-harness.js';

/** One token serves many calls; it is renewed before expiry and once after a 401. */
const tokenRequests = (harness: ReturnType<typeof createHarness>) =>
  harness.simulator.ledger.count('POST', '/oauth2/token');
const reference = (id: string) => ({ operationId: id, kind: 'activate' as const, carrierReference: id });

describe('SPS access tokens', () => {
  it('makes 100 calls close together with exactly one token request', async () => {
    const harness = createHarness();
    await Promise.all(
      Array.from({ length: 100 }, (_, index) => harness.adapter.poll([reference(`op_unknown_${index}`)])),
    );
    expect(tokenRequests(harness)).toBe(1);
    expect(harness.simulator.ledger.count('GET', (path) => path.startsWith('/subscription/transaction/status/'))).toBe(
      100,
    );
    const authorisations = harness.simulator.ledger.all().filter((entry) => entry.method === 'GET');
    expect(authorisations.every((entry) => entry.headers.authorization === '[redacted]')).toBe(true);
  });

  it('renews the token shortly before it expires, not after', async () => {
    const harness = createHarness({ simulator: { tokenTtlSeconds: 600 } });
    await harness.adapter.poll([reference('op_a')]);
    await harness.advance(530_000);
    await harness.adapter.poll([reference('op_b')]);
    expect(tokenRequests(harness)).toBe(1);
    // Within the last minute (a tenth of 600 s) of its life the token is renewed before use.
    await harness.advance(20_000);
    await harness.adapter.poll([reference('op_c')]);
    expect(tokenRequests(harness)).toBe(2);
    expect(harness.simulator.ledger.find('GET', (path) => path.endsWith('op_c'))[0]?.responseStatus).toBe(404);
  });

  it('fetches a new token once when SPS answers 401, and the call succeeds', async () => {
    const harness = createHarness();
    await harness.adapter.poll([reference('op_a')]);
    harness.simulator.revokeTokens();
    await expect(harness.adapter.poll([reference('op_b')])).resolves.toEqual([]);
    expect(tokenRequests(harness)).toBe(2);
    const attempts = harness.simulator.ledger.find('GET', (path) => path.endsWith('op_b'));
    expect(attempts.map((entry) => entry.responseStatus)).toEqual([401, 404]);
  });

  it('shares one refresh among concurrent calls that all met the 401', async () => {
    const harness = createHarness();
    await harness.adapter.poll([reference('op_a')]);
    harness.simulator.revokeTokens();
    await Promise.all(Array.from({ length: 20 }, (_, index) => harness.adapter.poll([reference(`op_${index}`)])));
    expect(tokenRequests(harness)).toBe(2);
  });

  it('reports refused client credentials as retryable, without sending the request itself', async () => {
    const harness = createHarness({ config: { clientSecret: 'wrong-secret' } });
    const line = harness.newLine();
    const submission = harness.submitRequest('suspend', {}, { ...line, msisdn: '+19455550100' });
    const error = await harness.adapter.submit(submission).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(CarrierUnavailableError);
    expect((error as CarrierUnavailableError).requestMayHaveArrived).toBe(false);
    expect(harness.simulator.ledger.count('PATCH', '/subscription/status')).toBe(0);
  });
});
