import { describe, expect, it } from 'vitest';
import {
  allTransitionPairs,
  decideTransition,
  type OperationKind,
  operationKinds,
  type SubscriptionStatus,
  subscriptionStatuses,
} from '../../src/core/index.js';

/**
 * The expected table, written out by hand from ARCHITECTURE.md's status rules so that a change to the table in
 * src/core is a deliberate change to this file too. `status:kind` → [whilePending, onSuccess, onFailure].
 */
const expected: Record<string, [SubscriptionStatus, SubscriptionStatus, SubscriptionStatus]> = {
  'pending:activate': ['pending', 'active', 'failed'],
  'pending:cancel_activation': ['pending', 'cancelled', 'pending'],
  'porting_in:port_in': ['porting_in', 'active', 'failed'],
  'porting_in:change_port_in': ['porting_in', 'porting_in', 'porting_in'],
  'porting_in:cancel_port_in': ['porting_in', 'cancelled', 'porting_in'],
  'active:suspend': ['active', 'suspended', 'active'],
  'active:cease': ['active', 'ceased', 'active'],
  'active:cancel_cease': ['active', 'active', 'active'],
  'active:sim_swap': ['active', 'active', 'active'],
  'active:change_services': ['active', 'active', 'active'],
  'active:change_plan': ['active', 'active', 'active'],
  'active:change_number': ['active', 'active', 'active'],
  'active:port_out': ['porting_out', 'ported_out', 'active'],
  'active:carrier_action': ['active', 'active', 'active'],
  'active:migrate': ['migrating', 'active', 'active'],
  'suspended:resume': ['suspended', 'active', 'suspended'],
  'suspended:cease': ['suspended', 'ceased', 'suspended'],
  'suspended:cancel_cease': ['suspended', 'suspended', 'suspended'],
  'suspended:sim_swap': ['suspended', 'suspended', 'suspended'],
  'suspended:change_services': ['suspended', 'suspended', 'suspended'],
  'suspended:change_plan': ['suspended', 'suspended', 'suspended'],
  'suspended:carrier_action': ['suspended', 'suspended', 'suspended'],
  'porting_out:cancel_port_out': ['porting_out', 'active', 'porting_out'],
  'ceased:reactivate': ['ceased', 'active', 'ceased'],
};

describe('subscription state machine', () => {
  it('covers every status × kind pair', () => {
    expect(allTransitionPairs()).toHaveLength(subscriptionStatuses.length * operationKinds.length);
  });

  describe.each(allTransitionPairs())('$status × $kind', ({ status, kind }) => {
    const key = `${status}:${kind}`;
    const row = expected[key];
    if (row) {
      it(`is allowed: while pending ${row[0]}, on success ${row[1]}, on failure ${row[2]}`, () => {
        expect(decideTransition(status, kind)).toEqual({
          allowed: true,
          transition: { whilePending: row[0], onSuccess: row[1], onFailure: row[2] },
        });
      });
    } else {
      it('is refused with a reason that names the status and where the kind is allowed', () => {
        const decision = decideTransition(status, kind);
        expect(decision.allowed).toBe(false);
        if (decision.allowed) return;
        expect(decision.reason).toContain(`that is ${status}`);
        for (const allowed of decision.allowedFrom) expect(decision.reason).toContain(allowed);
        expect(decision.allowedFrom.every((from) => expected[`${from}:${kind}`])).toBe(true);
      });
    }
  });

  it('lets no line leave a final status', () => {
    for (const status of ['ported_out', 'failed', 'cancelled'] as const) {
      for (const kind of operationKinds) expect(decideTransition(status, kind).allowed).toBe(false);
    }
  });

  it('explains a refusal in words a caller can act on', () => {
    const decision = decideTransition('suspended', 'suspend' as OperationKind);
    expect(decision).toMatchObject({
      allowed: false,
      reason: 'Cannot suspend a subscription that is suspended: that is allowed only when it is active.',
    });
  });
});
