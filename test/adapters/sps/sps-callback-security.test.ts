import { describe, expect, it } from 'vitest';
import { signSpsCallback } from '../../../src/adapters/sps/callback-signature.js';
import { createMemoryReplayStore } from '../../../src/adapters/sps/sps-replay-guard.js';
import { UnauthorisedError } from '../../../src/core/errors.js';
import { callbackSecret, callbackUrl, createHarness } from './sps-test-harness.js';

/** Only callbacks provably from SPS, fresh and not seen before, may move an operation. */
async function capturedCallback() {
  const captured: Request[] = [];
  const harness = createHarness({
    mode: 'polling',
    simulator: {
      callbackUrl,
      callbackSecret,
      fetch: async (input) => {
        captured.push((input as Request).clone());
        return new Response(null, { status: 204 });
      },
    },
  });
  const iccid = harness.simulator.listAvailableSims()[0]!;
  const submission = harness.submitRequest(
    'activate',
    {
      sim: { type: 'physical', iccid },
      plan: 'Plan001',
      carrierOptions: {
        sps: { location: { addressLine1: '1 Main St', city: 'Denver', state: 'CO', zipCode: '80202' } },
      },
    },
    harness.newLine(),
  );
  await harness.adapter.submit(submission);
  await harness.advance(1000);
  expect(captured).toHaveLength(1);
  return { harness, callback: captured[0]!, reference: submission.operation.id };
}

function withBody(original: Request, body: string, headers: Record<string, string> = {}): Request {
  const merged = new Headers(original.headers);
  for (const [name, value] of Object.entries(headers)) merged.set(name, value);
  return new Request(original.url, { method: 'POST', headers: merged, body });
}

describe('SPS callback authentication', () => {
  it('accepts a genuine callback once and turns it into the final status', async () => {
    const { harness, callback, reference } = await capturedCallback();
    const updates = await harness.adapter.parseCallback!(callback.clone());
    expect(updates).toEqual([
      expect.objectContaining({ operationId: reference, carrierReference: reference, state: 'succeeded' }),
    ]);
  });

  it('refuses a replay of a callback it already accepted', async () => {
    const { harness, callback } = await capturedCallback();
    await harness.adapter.parseCallback!(callback.clone());
    await expect(harness.adapter.parseCallback!(callback.clone())).rejects.toThrow(UnauthorisedError);
  });

  it('refuses a body changed after signing, and the refusal does not block the genuine callback', async () => {
    const { harness, callback } = await capturedCallback();
    const body = await callback.clone().text();
    const forged = body.replace('"status":"Success"', '"status":"Failure"');
    expect(forged).not.toBe(body);
    await expect(harness.adapter.parseCallback!(withBody(callback, forged))).rejects.toThrow(
      /signature does not match/,
    );
    await expect(harness.adapter.parseCallback!(callback.clone())).resolves.toHaveLength(1);
  });

  it('refuses a callback signed with another secret', async () => {
    const { harness, callback } = await capturedCallback();
    const body = await callback.clone().text();
    const timestamp = callback.headers.get('X-Sps-Timestamp')!;
    const signature = await signSpsCallback('not-the-callback-secret-at-all', Number(timestamp), body);
    await expect(
      harness.adapter.parseCallback!(withBody(callback, body, { 'X-Sps-Signature': signature })),
    ).rejects.toThrow(UnauthorisedError);
  });

  it('refuses a callback older than the tolerance, even with a valid signature', async () => {
    const { harness, callback } = await capturedCallback();
    await harness.advance(301_000);
    await expect(harness.adapter.parseCallback!(callback.clone())).rejects.toThrow(/outside the accepted window/);
  });

  it('refuses a re-signed old body whose timestamp header was moved forward without the secret', async () => {
    const { harness, callback } = await capturedCallback();
    await harness.advance(600_000);
    const fresh = String(Math.floor(harness.now().getTime() / 1000));
    const body = await callback.clone().text();
    await expect(
      harness.adapter.parseCallback!(withBody(callback, body, { 'X-Sps-Timestamp': fresh })),
    ).rejects.toThrow(/signature does not match/);
  });

  it('refuses a callback without signature headers', async () => {
    const { harness, callback } = await capturedCallback();
    const body = await callback.clone().text();
    await expect(harness.adapter.parseCallback!(new Request(callbackUrl, { method: 'POST', body }))).rejects.toThrow(
      UnauthorisedError,
    );
  });
});

describe('memory replay store', () => {
  it('forgets keys once they expire, so memory does not grow with time', () => {
    const store = createMemoryReplayStore(10);
    expect(store.rememberOnce('a', 1_000, 0)).toBe(true);
    expect(store.rememberOnce('a', 1_000, 500)).toBe(false);
    expect(store.rememberOnce('a', 3_000, 1_000)).toBe(true);
  });

  it('stays within its bound, dropping the oldest keys first', () => {
    const store = createMemoryReplayStore(3);
    for (const key of ['a', 'b', 'c', 'd']) expect(store.rememberOnce(key, 10_000, 0)).toBe(true);
    expect(store.rememberOnce('d', 10_000, 0)).toBe(false);
    expect(store.rememberOnce('c', 10_000, 0)).toBe(false);
    // 'a' was the oldest and made room for 'd'.
    expect(store.rememberOnce('a', 10_000, 0)).toBe(true);
  });
});
