import { describe, expect, it } from 'vitest';
import {
  asSubmitRequest,
  CarrierUnavailableError,
  createIdGenerator,
  GatewayError,
  type OperationKind,
  type SubmitRequest,
} from '../core/index.js';
import type { ConformanceGateway } from './conformance-gateway.js';
import type { CarrierConformanceOptions } from './conformance-types.js';
import { type ConformanceFault, conformanceFaultNames, conformanceFaults, retryAfterSeconds } from './fault-layer.js';
import { describeOutcome, withGateway } from './kind-checks.js';
import { validRequest } from './line-paths.js';

const writeMethods = ['POST', 'PUT', 'PATCH', 'DELETE'] as const;
const ids = createIdGenerator();

/** A SubmitRequest as the engine builds it for a new line. */
export function newLineSubmission(kind: OperationKind, request: Record<string, unknown>): SubmitRequest {
  return asSubmitRequest({
    operation: {
      id: ids.newId('op'),
      kind,
      correlationId: ids.newCorrelationId(),
      request,
      scheduledFor: null,
      carrierConnectionId: 'cc_conformance',
    },
    subscription: {
      id: ids.newId('sub'),
      carrierSubscriptionId: null,
      msisdn: null,
      iccid: null,
      esim: false,
      eid: null,
      imei: null,
      plan: null,
      services: {},
      status: 'pending',
      carrierData: {},
    },
  });
}

async function thrown(call: () => Promise<unknown>): Promise<unknown> {
  try {
    await call();
  } catch (error) {
    return error;
  }
  return undefined;
}

function describeThrown(error: unknown): string {
  if (error === undefined) return 'no error (the call succeeded)';
  if (GatewayError.isInstance(error)) return `${error.name} (${error.code}): ${error.message}`;
  return `${String(error)} — not an error of mvno-gateway/adapter`;
}

/** What the engine needs from an error to decide between retrying, reconciling and failing. */
function expectUnavailable(error: unknown, label: string, fault: ConformanceFault, mayHaveArrived: boolean | null) {
  expect(
    CarrierUnavailableError.isInstance(error),
    `${label}: expected CarrierUnavailableError (retryable) for ${conformanceFaults[fault].description}, got ${describeThrown(error)}`,
  ).toBe(true);
  const unavailable = error as CarrierUnavailableError;
  expect(unavailable.isRetryable, `${label}: expected isRetryable true`).toBe(true);
  if (mayHaveArrived !== null) {
    expect(
      unavailable.requestMayHaveArrived,
      `${label}: expected requestMayHaveArrived ${mayHaveArrived} for ${conformanceFaults[fault].description}`,
    ).toBe(mayHaveArrived);
  }
  if (fault === 'rate_limited_with_retry_after') {
    expect(
      unavailable.retryAfterSeconds,
      `${label}: expected retryAfterSeconds ${retryAfterSeconds} from Retry-After`,
    ).toBe(retryAfterSeconds);
  }
  if (fault === 'rate_limited_without_retry_after') {
    expect(
      unavailable.retryAfterSeconds,
      `${label}: expected no retryAfterSeconds without Retry-After`,
    ).toBeUndefined();
  }
}

/** Whether the request may have reached the carrier, as the adapter can know it: only a 429 proves it did not act. */
const mayHaveArrived = (fault: ConformanceFault) => !fault.startsWith('rate_limited');

/**
 * The ways carriers fail, injected between the adapter and the simulator: each must come out as the error the engine
 * can act on, and after each `findSubmission` must tell — without writing — whether the request arrived.
 */
export function describeFaultChecks<Config>(options: CarrierConformanceOptions<Config>): void {
  const declared = options.plugin.capabilities.operations;
  const creating: OperationKind | undefined = declared.includes('activate')
    ? 'activate'
    : declared.includes('port_in')
      ? 'port_in'
      : undefined;
  describe('carrier faults', () => {
    for (const fault of conformanceFaultNames) {
      it.skipIf(!creating)(
        `${creating} submit under ${fault}: classified, then findSubmission reconciles without a write`,
        async () => {
          const kind = creating as OperationKind;
          await withGateway(options, async (gateway) => {
            const submission = newLineSubmission(kind, await validRequest(options.fixtures, gateway, kind, null));
            gateway.faults.inject(fault, { methods: writeMethods });
            const error = await thrown(() => gateway.adapter.submit(submission));
            expectUnavailable(error, `${kind} · submit under ${fault}`, fault, mayHaveArrived(fault));
            gateway.faults.clear();
            const writes = gateway.writes();
            const lookup = await gateway.adapter.findSubmission(submission);
            expect(gateway.writes(), `${kind} · findSubmission after ${fault}: expected no write to the carrier`).toBe(
              writes,
            );
            const arrived = conformanceFaults[fault].arrives;
            expect(
              lookup.found,
              `${kind} · findSubmission after ${fault}: expected found ${arrived} (${conformanceFaults[fault].description})`,
            ).toBe(arrived);
          });
        },
      );

      it.skipIf(!creating)(`${creating} poll under ${fault}: a retryable CarrierUnavailableError`, async () => {
        const kind = creating as OperationKind;
        await withGateway(options, async (gateway) => {
          const submission = newLineSubmission(kind, await validRequest(options.fixtures, gateway, kind, null));
          const submitted = await gateway.adapter.submit(submission);
          gateway.faults.inject(fault, { methods: ['GET', 'POST'] });
          const error = await thrown(() =>
            gateway.adapter.poll([
              { operationId: submission.operation.id, kind, carrierReference: submitted.carrierReference },
            ]),
          );
          expectUnavailable(error, `${kind} · poll under ${fault}`, fault, null);
        });
      });
    }

    for (const fault of ['timeout_after_arrival', 'malformed_answer', 'server_error'] as const) {
      it.skipIf(!creating)(
        `${creating} through the engine under ${fault}: succeeds with exactly one write to the carrier`,
        async () => {
          const kind = creating as OperationKind;
          await withGateway(options, async (gateway) => {
            const operation = await gateway.request(kind, await validRequest(options.fixtures, gateway, kind, null));
            const before = gateway.writes();
            gateway.faults.inject(fault, { methods: writeMethods });
            const done = await gateway.settle(operation.id);
            expect(gateway.faults.fired, `${kind} · engine under ${fault}: expected the fault to be used`).toBe(1);
            expect(
              done.status,
              `${kind} · engine under ${fault}: expected succeeded, got ${describeOutcome(done)}`,
            ).toBe('succeeded');
            const arrived = conformanceFaults[fault].arrives;
            expect(
              gateway.writes() - before,
              `${kind} · engine under ${fault}: expected ${arrived ? 'one write (reconciled by findSubmission, not resent)' : 'one write that reached the carrier (the resend)'}`,
            ).toBe(1);
          });
        },
      );
    }
  });
}

export type { ConformanceGateway };
