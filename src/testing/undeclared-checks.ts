import { describe, expect, it } from 'vitest';
import {
  GatewayError,
  gatewayOwnKinds,
  isTargetingKind,
  type OperationKind,
  operationKinds,
  type StoredOperation,
  statusesAllowing,
  targetingKinds,
} from '../core/index.js';
import { conformanceConnectionId, conformanceTenantId } from './conformance-gateway.js';
import type { CarrierConformanceOptions } from './conformance-types.js';
import { withGateway } from './kind-checks.js';

const iccid = '8931000000000000001';
/** The smallest request of each kind the canonical schemas accept: only the carrier's support is in question. */
const minimalRequests: Partial<Record<OperationKind, Record<string, unknown>>> = {
  activate: { sim: { type: 'physical', iccid } },
  port_in: { sim: { type: 'physical', iccid }, portIn: { msisdn: '+31612345678' } },
  sim_swap: { sim: { type: 'physical', iccid } },
  change_services: { services: {} },
  change_plan: { plan: 'conformance-plan' },
  carrier_action: { action: 'conformance-action', input: {} },
};

/** A kind the plugin does not declare is refused by the gateway before anything reaches the carrier. */
export function describeUndeclaredKindChecks<Config>(options: CarrierConformanceOptions<Config>): void {
  const declared = options.plugin.capabilities.operations;
  // The gateway's own parent kinds (migrate) reach no carrier: they are not a carrier's to declare.
  const ownKinds: readonly OperationKind[] = gatewayOwnKinds;
  const undeclared = operationKinds.filter((kind) => !declared.includes(kind) && !ownKinds.includes(kind));
  describe('undeclared kinds', () => {
    it.skipIf(undeclared.length === 0)(
      'every kind the plugin does not declare is refused before any carrier request',
      async () => {
        await withGateway(options, async (gateway) => {
          const now = gateway.now();
          for (const kind of undeclared) {
            const status = statusesAllowing(kind)[0] ?? 'active';
            // A line in a status that allows the kind, written straight to the store: no carrier call made it.
            const subscriptionId = `sub_undeclared_${kind}`;
            await gateway.store.subscriptions.insert({
              id: subscriptionId,
              tenantId: conformanceTenantId,
              carrierConnectionId: conformanceConnectionId,
              carrier: options.plugin.id,
              carrierSubscriptionId: 'CONFORMANCE-LINE',
              msisdn: '+31612345678',
              iccid,
              esim: false,
              eid: null,
              imei: null,
              plan: null,
              services: {},
              status,
              version: 1,
              carrierData: {},
              externalReference: null,
              createdAt: now,
              updatedAt: now,
            });
            let targetOperationId: string | undefined;
            if (isTargetingKind(kind)) {
              const target: StoredOperation = {
                id: `op_undeclared_target_${kind}`,
                tenantId: conformanceTenantId,
                subscriptionId,
                carrierConnectionId: conformanceConnectionId,
                carrier: options.plugin.id,
                kind: targetingKinds[kind][0],
                status: 'submitted',
                correlationId: `corr-undeclared-${kind}`,
                targetOperationId: null,
                request: {},
                carrierReference: 'CONFORMANCE-REF',
                carrierStatus: null,
                result: null,
                error: null,
                warnings: [],
                attempts: 1,
                nextAttemptAt: new Date(now.getTime() + 3_600_000),
                scheduledFor: kind === 'cancel_cease' ? new Date(now.getTime() + 86_400_000) : null,
                idempotencyKey: null,
                createdAt: now,
                updatedAt: now,
                completedAt: null,
                leaseExpiresAt: null,
                leaseOwner: null,
                consecutiveFailures: 0,
                submittedAt: now,
                version: 0,
              };
              await gateway.store.operations.insert(target);
              targetOperationId = target.id;
            }
            const before = gateway.simulator.ledger.entries().length;
            const refusal = await gateway
              .request(kind, minimalRequests[kind] ?? {}, {
                ...(creates(kind) ? {} : { subscriptionId }),
                ...(targetOperationId ? { targetOperationId } : {}),
              })
              .then(
                (operation) => new Error(`accepted as ${operation.id}`),
                (error: unknown) => error,
              );
            const code = GatewayError.isInstance(refusal) ? refusal.code : String(refusal);
            expect(code, `${kind} (undeclared) · refusal: expected unsupported_by_carrier before submission`).toBe(
              'unsupported_by_carrier',
            );
            for (let tick = 0; tick < 3; tick++) await gateway.engine.tick();
            expect(
              gateway.simulator.ledger.entries().length,
              `${kind} (undeclared) · carrier requests: expected none (ledger unchanged)`,
            ).toBe(before);
          }
        });
      },
    );
  });
}

function creates(kind: OperationKind): boolean {
  return kind === 'activate' || kind === 'port_in';
}
