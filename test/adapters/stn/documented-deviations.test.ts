import { describe, expect, it } from 'vitest';
import { createStnAdapter } from '../../../src/adapters/stn/index.js';
import { apiKey, createHarness, inProcessFetch } from './stn-test-harness.js';

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
