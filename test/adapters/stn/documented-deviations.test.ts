import { describe, expect, it } from 'vitest';
import { createStnAdapter } from '../../../src/adapters/stn/index.js';
import { activeLine, apiKey, createHarness, delayMs, inProcessFetch } from './stn-test-harness.js';

/**
 * The deviations the documentation audit of issue 14 found between the sTN pages (/work/shared/providers/stn.md,
 * the carrier's Quick Start in /work/shared/seeds) and our adapter or simulator. Each test quotes the fact it checks.
 */

/** The simulator's answers, rewritten on the way back the way another page of the docs shows them. */
function rewritingFetch(
  harness: ReturnType<typeof createHarness>,
  path: string,
  rewrite: (body: Record<string, unknown>) => unknown,
): typeof globalThis.fetch {
  const inner = inProcessFetch(harness.simulator.app);
  return async (input, init) => {
    const response = await inner(input, init);
    if (!new URL(new Request(input, init).url).pathname.endsWith(path)) return response;
    const body = (await response.json()) as Record<string, unknown>;
    return new Response(JSON.stringify(rewrite(body)), { status: response.status, headers: response.headers });
  };
}

describe('sTN, deviation 1: list answers as a bare array or as the envelope', () => {
  // stn.md §3.1 QuerySimcard: "the Quick Start shows a bare JSON array `[ {...} ]` … A client should accept both
  // forms."
  it('reads the same SIM cards from a bare array as from the envelope', async () => {
    const harness = createHarness({ seed: { physicalSims: 3 } });
    const bare = createStnAdapter(
      { baseUrl: 'https://stn.example.test/', apiKey },
      {
        fetch: rewritingFetch(harness, '/api/QuerySimcard', (body) => body.results),
        now: harness.now,
        timeoutMs: 5000,
      },
    );
    const fromEnvelope = await harness.adapter.listSimCards?.({ status: 'available', limit: 10 });
    const fromArray = await bare.listSimCards?.({ status: 'available', limit: 10 });
    expect(fromEnvelope?.items).toHaveLength(3);
    expect(fromArray?.items).toEqual(fromEnvelope?.items);
  });

  it('reads activations from a bare array when polling (every list read, not only QuerySimcard)', async () => {
    const harness = createHarness();
    const bare = createStnAdapter(
      { baseUrl: 'https://stn.example.test/', apiKey },
      {
        fetch: rewritingFetch(harness, '/api/QueryActivation', (body) => body.results),
        now: harness.now,
        timeoutMs: 5000,
      },
    );
    const [iccid] = harness.simulator.listFreeSims();
    const answer = await harness.stn('POST', '/api/NewSubscription', { simCardNumber: iccid });
    const updates = await bare.poll([{ operationId: 'op_1', kind: 'activate', carrierReference: answer.body.id }]);
    expect(updates.map((update) => update.carrierReference)).toEqual([answer.body.id]);
  });

  it('fails loudly on an answer that is neither, instead of an empty list', async () => {
    const harness = createHarness();
    const odd = createStnAdapter(
      { baseUrl: 'https://stn.example.test/', apiKey },
      {
        fetch: rewritingFetch(harness, '/api/QuerySimcard', () => ({ unexpected: true })),
        now: harness.now,
        timeoutMs: 5000,
      },
    );
    await expect(odd.listSimCards?.({ limit: 10 })).rejects.toThrow(/neither a list/);
  });
});

describe('sTN, deviation 2: Suspend answers INIT with the provider order number', () => {
  // stn.md §3.6 SuspendSubscription, the documented answer: `"status": "INIT", … "providerOrderNumber": "03####0/2##5"`.
  it('carries providerOrderNumber in the INIT answer, and keeps it when the activation is picked up', async () => {
    const harness = createHarness();
    const line = activeLine(harness);
    const answer = await harness.stn('POST', '/api/SuspendSubscription', {
      subscriptionId: line.carrierSubscriptionId,
      referenceNumber: 'Simcard gotlost',
    });
    expect(answer.body.status).toBe('INIT');
    expect(answer.body.providerOrderNumber).toEqual(expect.any(String));
    expect(answer.body.providerOrderNumber).not.toBe('');
    await harness.advance(delayMs);
    const busy = harness.simulator.activation(answer.body.id);
    expect(busy?.status).toBe('BUSY');
    expect(busy?.providerOrderNumber).toBe(answer.body.providerOrderNumber);
  });
});

describe('sTN, deviation 3: POST answers carry 7 fractional digits, whatever the clock does', () => {
  // stn.md §1.7: "`2025-01-31T17:14:22.2765425+01:00` (7 fractional digits in POST responses),
  // `2025-01-31T17:14:22.276+01:00` (ms precision when queried later)".
  const ticks = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{7}\+0[12]:00$/;
  it('writes ticks in a POST answer even when the clock moved while the request was handled', async () => {
    let current = new Date('2025-01-31T16:14:22.276Z').getTime();
    // Every reading of the clock moves it on by a millisecond, as a real clock does between two statements.
    const harness = createHarness({ now: () => new Date(current++) });
    const line = activeLine(harness);
    const answer = await harness.stn('POST', '/api/SuspendSubscription', {
      subscriptionId: line.carrierSubscriptionId,
    });
    expect(answer.body.createdAt).toMatch(ticks);
    expect(answer.body.modifiedAt).toMatch(ticks);
    const queried = await harness.stn('GET', `/api/QueryActivation?id=${answer.body.id}`);
    expect(queried.body.results[0].createdAt).not.toMatch(ticks);
  });

  // stn.md §3.5, the CancelNewSubscription answer: `"createdAt": "2025-01-30T15:57:19.93+01:00",
  // "modifiedAt": "2025-01-30T18:06:32.7363195+01:00"` — only what this request set is fresh.
  it('writes ticks only for modifiedAt when the POST acts on an older activation', async () => {
    const harness = createHarness();
    const [iccid] = harness.simulator.listFreeSims();
    const created = await harness.stn('POST', '/api/NewSubscription', {
      simCardNumber: iccid,
      wishDate: '2025-03-01T12:00:00+01:00',
    });
    await harness.advance(delayMs + 123);
    const cancelled = await harness.stn('POST', '/api/CancelNewSubscription', { activationId: created.body.id });
    expect(cancelled.body.modifiedAt).toMatch(ticks);
    expect(cancelled.body.createdAt).not.toMatch(ticks);
  });
});
