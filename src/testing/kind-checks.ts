import { describe, expect, it } from 'vitest';
import { type OperationKind, type StoredOperation, statusesAllowing, subscriptionTransitions } from '../core/index.js';
import { type ConformanceGateway, openConformanceGateway } from './conformance-gateway.js';
import type { CarrierConformanceOptions } from './conformance-types.js';
import { creatingKinds, lineFor, reach, validRequest } from './line-paths.js';
import { expectNoSecrets } from './secret-checks.js';

export const e164 = /^\+[1-9][0-9]{6,14}$/;
export const iccidPattern = /^[0-9]{18,22}$/;

/** A line of the carrier's words for a failure, for messages. */
export function describeOutcome(operation: StoredOperation): string {
  const error = operation.error ? `; error: ${operation.error.detail ?? operation.error.title}` : '';
  return `operation ${operation.status} (carrier status ${operation.carrierStatus ?? 'none'}${error})`;
}

export async function withGateway<Config>(
  options: CarrierConformanceOptions<Config>,
  work: (gateway: ConformanceGateway) => Promise<void>,
): Promise<void> {
  const gateway = await openConformanceGateway(options);
  try {
    await work(gateway);
  } finally {
    await gateway.close();
  }
}

/** Facts a finished operation must have left on the line, by kind. */
async function expectFacts(
  gateway: ConformanceGateway,
  kind: OperationKind,
  from: string,
  operation: StoredOperation,
): Promise<void> {
  const subscription = await gateway.subscription(operation.subscriptionId);
  const label = `${kind} from ${from} · facts after success`;
  if (creatingKinds.includes(kind)) {
    expect(
      subscription.msisdn,
      `${label}: expected the line's MSISDN in E.164 (+…), as reported by the carrier`,
    ).toMatch(e164);
    expect(
      subscription.carrierSubscriptionId,
      `${label}: expected the carrier's subscription id (facts.carrierSubscriptionId)`,
    ).toEqual(expect.any(String));
    const sim = operation.request.sim as { type?: string; iccid?: string } | undefined;
    if (sim?.type === 'physical') {
      expect(subscription.iccid, `${label}: expected the ICCID of the SIM the request named`).toBe(sim.iccid);
    } else if (subscription.iccid !== null) {
      expect(subscription.iccid, `${label}: expected an eSIM's ICCID, where reported, to be 18–22 digits`).toMatch(
        iccidPattern,
      );
    }
    if (kind === 'port_in') {
      const portIn = operation.request.portIn as { msisdn: string };
      expect(subscription.msisdn, `${label}: expected the ported number to be the line's MSISDN`).toBe(portIn.msisdn);
    }
  }
  if (kind === 'sim_swap') {
    const sim = operation.request.sim as { type?: string; iccid?: string };
    if (sim.type === 'physical') {
      expect(subscription.iccid, `${label}: expected the new SIM's ICCID on the line`).toBe(sim.iccid);
    }
  }
}

/**
 * Every declared kind, from every status the state machine allows it in (and the carrier's restrictions keep),
 * through the gateway: once to success, once to a carrier-side failure. The subscription must end where the state
 * machine says, with the facts the carrier must report.
 */
export function describeKindChecks<Config>(options: CarrierConformanceOptions<Config>): void {
  const { plugin, fixtures } = options;
  const declared = plugin.capabilities.operations;
  const restrictions = plugin.capabilities.stateRestrictions ?? {};

  for (const kind of declared) {
    const allowed = statusesAllowing(kind).filter((status) => restrictions[kind]?.includes(status) ?? true);
    describe(`kind ${kind}`, () => {
      it(`${kind} · fixtures: a valid and a carrier-refused request are given`, () => {
        expect(
          fixtures.kinds[kind],
          `${kind} · fixtures: expected fixtures.kinds.${kind} for this declared kind`,
        ).toBeDefined();
      });
      for (const from of allowed) {
        it(`${kind} from ${from} succeeds and leaves the line ${subscriptionTransitions[from][kind]?.onSuccess}`, async ({
          skip,
        }) => {
          if (!fixtures.kinds[kind]) throw new Error(`${kind} · fixtures: expected fixtures.kinds.${kind}`);
          await withGateway(options, async (gateway) => {
            const start = await reach(gateway, fixtures, declared, from, kind);
            if (!start.ok) return skip(start.skip);
            const body = await validRequest(fixtures, gateway, kind, start.subscriptionId, start.target);
            const operation = await gateway.request(kind, body, {
              ...(start.subscriptionId && !start.target ? { subscriptionId: start.subscriptionId } : {}),
              ...(start.target ? { targetOperationId: start.target.id } : {}),
            });
            const done = await gateway.settle(operation.id);
            expect(
              done.status,
              `${kind} from ${from} · outcome: expected succeeded, got ${describeOutcome(done)}`,
            ).toBe('succeeded');
            const expected = subscriptionTransitions[from][kind]?.onSuccess;
            const subscription = await gateway.subscription(done.subscriptionId);
            expect(
              subscription.status,
              `${kind} from ${from} · subscription status after success: expected ${expected}`,
            ).toBe(expected);
            await expectFacts(gateway, kind, from, done);
            await expectNoSecrets(gateway, plugin, `${kind} from ${from}`, [done.id]);
          });
        });

        it(`${kind} from ${from} refused by the carrier fails the operation and leaves the line ${subscriptionTransitions[from][kind]?.onFailure}`, async ({
          skip,
        }) => {
          const fixture = fixtures.kinds[kind];
          if (!fixture) throw new Error(`${kind} · fixtures: expected fixtures.kinds.${kind}`);
          if ('skip' in fixture.carrierFailure) return skip(fixture.carrierFailure.skip);
          const produce = fixture.carrierFailure;
          await withGateway(options, async (gateway) => {
            const start = await reach(gateway, fixtures, declared, from, kind);
            if (!start.ok) return skip(start.skip);
            const body = await produce(await lineFor(gateway, start.subscriptionId, start.target));
            const operation = await gateway.request(kind, body, {
              ...(start.subscriptionId && !start.target ? { subscriptionId: start.subscriptionId } : {}),
              ...(start.target ? { targetOperationId: start.target.id } : {}),
            });
            const done = await gateway.settle(operation.id);
            expect(
              done.status,
              `${kind} from ${from} · carrier-side failure: expected the operation failed, got ${describeOutcome(done)}`,
            ).toBe('failed');
            expect(
              done.error?.detail ?? '',
              `${kind} from ${from} · carrier-side failure: expected the carrier's reason in the operation's error`,
            ).not.toBe('');
            const expected = subscriptionTransitions[from][kind]?.onFailure;
            const subscription = await gateway.subscription(done.subscriptionId);
            expect(
              subscription.status,
              `${kind} from ${from} · subscription status after a carrier-side failure: expected ${expected}`,
            ).toBe(expected);
          });
        });
      }
    });
  }
}
