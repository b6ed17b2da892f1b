import { describe, expect, expectTypeOf, it } from 'vitest';
import type { ActivateRequest, SimSwapRequest, SubmitRequest } from '../../src/adapter/index.js';
import { asSubmitRequest } from '../../src/adapter/index.js';

/**
 * `submit` is typed per kind: switching on `operation.kind` narrows `operation.request` with no cast. These checks
 * are compile-time (`npx tsc --noEmit` covers test/); the run-time part only proves the narrowing path is taken.
 */
function simOf(request: SubmitRequest): string {
  switch (request.operation.kind) {
    case 'activate':
      return request.operation.request.sim.type;
    case 'sim_swap':
      return request.operation.request.sim.type;
    case 'suspend':
      // @ts-expect-error a suspension carries no SIM
      return request.operation.request.sim;
    default:
      return 'none';
  }
}

describe('the per-kind submit request', () => {
  it('narrows the request by kind', () => {
    expectTypeOf<SubmitRequest<'activate'>['operation']['request']>().toEqualTypeOf<ActivateRequest>();
    expectTypeOf<SubmitRequest<'sim_swap'>['operation']['request']>().toEqualTypeOf<SimSwapRequest>();
    const line = {
      id: 'sub_1',
      carrierSubscriptionId: null,
      msisdn: null,
      iccid: null,
      esim: false,
      eid: null,
      imei: null,
      plan: null,
      services: {},
      status: 'pending' as const,
      carrierData: {},
    };
    const operation = { id: 'op_1', correlationId: 'g1', scheduledFor: null, carrierConnectionId: 'cc_1' };
    expect(
      simOf(
        asSubmitRequest({
          operation: { ...operation, kind: 'activate', request: { sim: { type: 'esim' } } },
          subscription: line,
        }),
      ),
    ).toBe('esim');
    expect(
      simOf(asSubmitRequest({ operation: { ...operation, kind: 'cease', request: {} }, subscription: line })),
    ).toBe('none');
  });
});
