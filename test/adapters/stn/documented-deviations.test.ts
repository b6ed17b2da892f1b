import { describe, expect, it } from 'vitest';
import { createStnAdapter } from '../../../src/adapters/stn/index.js';
import { CarrierRejectedError, CarrierUnavailableError, type SubmitRequest } from '../../../src/core/index.js';
import {
  activeLine,
  apiKey,
  createHarness,
  delayMs,
  type Harness,
  inProcessFetch,
  submitRequest,
} from './stn-test-harness.js';

/**
 * The deviations the documentation audit of issue 14 found between the sTN pages (/work/shared/providers/stn.md,
 * the carrier's Quick Start in /work/shared/seeds) and our adapter or simulator. Each test quotes the fact it checks.
 */

/** The simulator's answers, rewritten on the way back the way another page of the docs shows them. */
function rewritingFetch(
  harness: Harness,
  path: string,
  rewrite: (body: Record<string, unknown>) => unknown,
): typeof globalThis.fetch {
  const inner = inProcessFetch(harness.simulator.app);
  return async (input, init) => {
    const url = input instanceof Request ? input.url : String(input);
    const response = await inner(input, init);
    if (!new URL(url).pathname.endsWith(path)) return response;
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

describe('sTN, deviation 4: the outcome of a cancellation, whichever final status sTN answers', () => {
  // stn.md §3.17 CancelTerminate: "Statuses `BUSY`/`DONE`/`ERROR`. `activatedDate` = when the cancellation
  // completed."; §2.1: "No final 'cancelled' value is documented"; §3.13 CancelInPort: "Only `modifiedAt`, `status`
  // and `info.portingStatus` change."; §5.2: "final (unknown: probably ERROR or DONE, or an undocumented CANCELLED)".
  const future = '2025-03-01T12:00:00+01:00';

  function target(request: SubmitRequest, carrierReference: string): SubmitRequest['target'] {
    return { id: request.operation.id, kind: request.operation.kind, carrierReference, correlationId: 'x' };
  }

  /** sTN's answers with every DONE of a cancelled activation shown as the undocumented CANCELLED. */
  function cancelledWordFetch(harness: Harness): typeof globalThis.fetch {
    return rewritingFetch(harness, '/api/QueryActivation', (body) => ({
      ...body,
      results: (body.results as Array<Record<string, unknown>>).map((activation) =>
        activation.status === 'DONE' ? { ...activation, status: 'CANCELLED' } : activation,
      ),
    }));
  }

  const finals = [
    ['DONE', (harness: Harness) => harness.adapter],
    ['ERROR', (harness: Harness) => harness.adapter],
    [
      'CANCELLED (undocumented)',
      (harness: Harness) =>
        createStnAdapter(
          { baseUrl: 'https://stn.example.test/', apiKey },
          { fetch: cancelledWordFetch(harness), now: harness.now, timeoutMs: 5000 },
        ),
    ],
  ] as const;

  it.each(finals)(
    'a cancelled activation ending %s: the activation is cancelled, the cancellation succeeded',
    async (final, adapterOf) => {
      const harness = createHarness({ cancellationFinalStatus: final === 'ERROR' ? 'ERROR' : 'DONE' });
      const adapter = adapterOf(harness);
      const [iccid] = harness.simulator.listFreeSims();
      const activate = submitRequest(
        'activate',
        { sim: { type: 'physical', iccid }, activateAt: future },
        { status: 'pending' },
      );
      const submitted = await adapter.submit(activate);
      const cancel = submitRequest(
        'cancel_activation',
        { note: 'changed mind' },
        {},
        target(activate, submitted.carrierReference),
      );
      expect((await adapter.submit(cancel)).update.state).toBe('in_progress');
      await harness.advance(2 * delayMs);
      const activation = harness.simulator.activation(submitted.carrierReference);
      expect(activation?.status).toBe(final === 'ERROR' ? 'ERROR' : 'DONE');
      // No invented marker: info is what the NewSubscription answer held.
      expect(activation?.info).not.toHaveProperty('cancelStatus');
      expect(activation?.info).not.toHaveProperty('cancellationNote');
      const updates = await adapter.poll([
        // The gateway says a cancellation of it was sent (PollReference.cancellationRequested): look at the line.
        {
          operationId: activate.operation.id,
          kind: 'activate',
          carrierReference: submitted.carrierReference,
          cancellationRequested: true,
        },
        { operationId: cancel.operation.id, kind: 'cancel_activation', carrierReference: submitted.carrierReference },
      ]);
      const expected = final === 'ERROR' ? 'failed' : 'cancelled'; // ERROR of the request itself stays a failure
      expect(updates.map((update) => update.state)).toEqual([expected, 'succeeded']);
    },
  );

  it.each(finals)(
    'a cancelled termination ending %s: the cease is cancelled and the line stays active',
    async (final, adapterOf) => {
      const harness = createHarness({ cancellationFinalStatus: final === 'ERROR' ? 'ERROR' : 'DONE' });
      const adapter = adapterOf(harness);
      const line = activeLine(harness);
      const cease = submitRequest('cease', { ceaseAt: future }, { carrierSubscriptionId: line.carrierSubscriptionId });
      const submitted = await adapter.submit(cease);
      await harness.advance(delayMs);
      const cancel = submitRequest('cancel_cease', {}, {}, target(cease, submitted.carrierReference));
      await adapter.submit(cancel);
      await harness.advance(delayMs);
      expect(harness.simulator.activation(submitted.carrierReference)).toMatchObject({
        status: final === 'ERROR' ? 'ERROR' : 'DONE',
        info: { wishDate: expect.any(String) },
      });
      const updates = await adapter.poll([
        {
          operationId: cease.operation.id,
          kind: 'cease',
          carrierReference: submitted.carrierReference,
          cancellationRequested: true,
        },
        { operationId: cancel.operation.id, kind: 'cancel_cease', carrierReference: submitted.carrierReference },
      ]);
      expect(updates.map((update) => update.state)).toEqual([final === 'ERROR' ? 'failed' : 'cancelled', 'succeeded']);
      expect(harness.simulator.subscription(line.carrierSubscriptionId)).toMatchObject({ state: 'ACTIVE' });
    },
  );

  it('a cease nobody cancelled is read from its final word alone: no extra QuerySubscription per operation', async () => {
    const harness = createHarness();
    const line = activeLine(harness);
    const cease = submitRequest('cease', {}, { carrierSubscriptionId: line.carrierSubscriptionId });
    const submitted = await harness.adapter.submit(cease);
    await harness.advance(2 * delayMs);
    harness.simulator.ledger.clear();
    const updates = await harness.adapter.poll([
      { operationId: cease.operation.id, kind: 'cease', carrierReference: submitted.carrierReference },
    ]);
    expect(updates.map((update) => update.state)).toEqual(['succeeded']);
    expect(harness.simulator.ledger.count('GET', '/api/QueryActivation')).toBe(1);
    expect(harness.simulator.ledger.count('GET', '/api/QuerySubscription')).toBe(0);
  });

  it('a termination sTN carried out (DONE, line terminated): the cease succeeded, a cancellation of it failed', async () => {
    const harness = createHarness();
    const line = activeLine(harness);
    const cease = submitRequest('cease', {}, { carrierSubscriptionId: line.carrierSubscriptionId });
    const submitted = await harness.adapter.submit(cease);
    await harness.advance(2 * delayMs);
    const updates = await harness.adapter.poll([
      {
        operationId: cease.operation.id,
        kind: 'cease',
        carrierReference: submitted.carrierReference,
        cancellationRequested: true,
      },
      { operationId: 'op_cancel', kind: 'cancel_cease', carrierReference: submitted.carrierReference },
    ]);
    expect(updates.map((update) => [update.state, update.failure?.message])).toEqual([
      ['succeeded', undefined],
      ['failed', `sTN carried out activation ${submitted.carrierReference} before it could be cancelled`],
    ]);
  });
});

describe('sTN, deviation 5: 403 Forbidden, and 429 without Retry-After', () => {
  // stn.md §1.6: "| 403 Forbidden | caller lacks permission |" and "| 429 Too Many Requests | the endpoint's rate
  // limit was exceeded (the limits are not published) |"; §Gaps: "No `Retry-After` documented."
  it('a key without permission to change lines gets 403, which the adapter reports as a final refusal', async () => {
    const harness = createHarness({ readOnlyApiKey: 'read-only-key' });
    const readOnly = createStnAdapter(
      { baseUrl: 'https://stn.example.test/', apiKey: 'read-only-key' },
      { fetch: inProcessFetch(harness.simulator.app), now: harness.now, timeoutMs: 5000 },
    );
    const line = activeLine(harness);
    expect((await readOnly.listSimCards?.({ limit: 1 }))?.items).toHaveLength(1);
    const error = await readOnly
      .submit(submitRequest('suspend', {}, { carrierSubscriptionId: line.carrierSubscriptionId }))
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(CarrierRejectedError);
    expect(error).toMatchObject({ isRetryable: false, carrier: { id: 'stn', code: 'Forbidden', httpStatus: 403 } });
    expect(harness.simulator.state.activations.size).toBe(0);
  });

  it('the simulator can answer 403 as a fault too', async () => {
    const harness = createHarness({ faults: { forbiddenRate: 1 } });
    const answer = await harness.stn('GET', '/api/QuerySimcard');
    expect(answer.status).toBe(403);
    expect(answer.body.responseStatus.errorCode).toBe('Forbidden');
  });

  it('a 429 without Retry-After (the documented case) is retryable, not arrived, with no invented wait', async () => {
    const harness = createHarness({ faults: { rateLimitRate: 1 } });
    const raw = await harness.stn('GET', '/api/QuerySimcard');
    expect(raw.status).toBe(429);
    const line = activeLine(harness);
    const error = await harness.adapter
      .submit(submitRequest('suspend', {}, { carrierSubscriptionId: line.carrierSubscriptionId }))
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(CarrierUnavailableError);
    expect(error).toMatchObject({ isRetryable: true, requestMayHaveArrived: false, retryAfterSeconds: undefined });
  });
});

describe('sTN, deviation 8: numbers in E.164 in every canonical read', () => {
  // stn.md §1.7: "| CDR `destination` | `316#######94` (E.164 without `+`) or `000INTERNET` |" and
  // "| `phoneNumber` (responses) | `06-XXXXXXXX` (Dutch mobile, dash after `06`) |".
  it('CDR destinations become E.164, a data session has none, and an unknown form is kept with a warning', async () => {
    const harness = createHarness();
    const line = { carrierSubscriptionId: activeLine(harness).carrierSubscriptionId, msisdn: null, iccid: null };
    const cdrs = await harness.adapter.listCdrs?.(line, { period: '2025-01', limit: 50 });
    const voice = cdrs?.items.find((cdr) => cdr.type === 'voice');
    expect(voice?.raw.destination).toMatch(/^316[0-9]{8}$/);
    expect(voice?.destination).toBe(`+${voice?.raw.destination}`);
    expect(voice?.warnings).toBeUndefined();
    const data = cdrs?.items.find((cdr) => cdr.raw.destination === '000INTERNET');
    expect(data).toMatchObject({ type: 'data', destination: null });
    expect(data?.warnings).toBeUndefined();

    const odd = createStnAdapter(
      { baseUrl: 'https://stn.example.test/', apiKey },
      {
        fetch: rewritingFetch(harness, '/api/QueryCdr', (body) => ({
          ...body,
          results: (body.results as Array<Record<string, unknown>>).map((cdr) => ({ ...cdr, destination: '1244' })),
        })),
        now: harness.now,
        timeoutMs: 5000,
      },
    );
    const [first] = (await odd.listCdrs?.(line, { period: '2025-01', limit: 1 }))?.items ?? [];
    expect(first?.destination).toBe('1244');
    expect(first?.warnings).toEqual([expect.stringContaining("CDR destination '1244'")]);
  });

  it("SIM cards and subscriptions carry the line's number in E.164", async () => {
    const harness = createHarness();
    const line = activeLine(harness);
    const sims = await harness.adapter.listSimCards?.({ status: 'in_use', limit: 50 });
    const sim = sims?.items.find((item) => item.carrierSubscriptionId === line.carrierSubscriptionId);
    expect(sim?.msisdn).toBe(line.msisdn);
    expect(line.msisdn).toMatch(/^\+316[0-9]{8}$/);
    const view = await harness.adapter.getSubscription?.({ ...line, msisdn: null, iccid: null });
    expect(view?.msisdn).toBe(line.msisdn);
  });
});
