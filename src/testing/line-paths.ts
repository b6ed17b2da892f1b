import type { OperationKind, StoredOperation, SubscriptionStatus } from '../core/index.js';
import type { ConformanceGateway } from './conformance-gateway.js';
import type { ConformanceFixtures, ConformanceLine, RequestBody } from './conformance-types.js';

/** Where a kind is checked from: a line in `status`, and for cancellations and port-in changes the operation acted on. */
export type Start = { ok: true; subscriptionId: string | null; target?: StoredOperation } | { ok: false; skip: string };

export const creatingKinds: readonly OperationKind[] = ['activate', 'port_in'];

const noLine = (gateway: ConformanceGateway): ConformanceLine => ({
  subscriptionId: null,
  status: 'pending',
  msisdn: null,
  iccid: null,
  carrierSubscriptionId: null,
  simulator: gateway.simulator,
});

/** The fixture's valid request for `kind` on `line`. */
export async function validRequest(
  fixtures: ConformanceFixtures,
  gateway: ConformanceGateway,
  kind: OperationKind,
  subscriptionId: string | null,
  target?: StoredOperation,
): Promise<RequestBody> {
  const fixture = fixtures.kinds[kind];
  if (!fixture) throw new Error(`${kind}: the fixtures give no request for this declared kind`);
  return fixture.valid(await lineFor(gateway, subscriptionId, target));
}

export async function lineFor(
  gateway: ConformanceGateway,
  subscriptionId: string | null,
  target?: StoredOperation,
): Promise<ConformanceLine> {
  const line = subscriptionId ? await gateway.line(subscriptionId) : noLine(gateway);
  return target
    ? { ...line, target: { operationId: target.id, kind: target.kind, carrierReference: target.carrierReference } }
    : line;
}

/** Runs `kind` to the end and fails with what the carrier said when it did not succeed. */
async function succeed(
  gateway: ConformanceGateway,
  fixtures: ConformanceFixtures,
  kind: OperationKind,
  subscriptionId: string | null,
  purpose: string,
): Promise<StoredOperation> {
  const operation = await gateway.request(kind, await validRequest(fixtures, gateway, kind, subscriptionId), {
    ...(subscriptionId ? { subscriptionId } : {}),
  });
  const done = await gateway.settle(operation.id);
  if (done.status !== 'succeeded') {
    throw new Error(
      `${purpose}: the ${kind} that brings the line there ended ${done.status}, expected succeeded` +
        (done.error ? ` (${done.error.detail ?? done.error.title})` : ''),
    );
  }
  return done;
}

/**
 * Brings a fresh line to `status` with the kinds the plugin declares, as a client would: through the gateway. A
 * status the declared kinds cannot reach is a reasoned skip.
 */
export async function reach(
  gateway: ConformanceGateway,
  fixtures: ConformanceFixtures,
  declared: readonly OperationKind[],
  status: SubscriptionStatus,
  kind: OperationKind,
): Promise<Start> {
  const has = (needed: OperationKind) => declared.includes(needed);
  const purpose = `${kind} from ${status}`;
  const creating: OperationKind | undefined = has('activate') ? 'activate' : has('port_in') ? 'port_in' : undefined;
  const active = async () => {
    if (!creating) return null;
    return (await succeed(gateway, fixtures, creating, null, purpose)).subscriptionId;
  };
  const submittedOn = async (under: OperationKind, subscriptionId: string | null) => {
    const produce = fixtures.targetRequests?.[kind];
    const request = produce
      ? await produce(await lineFor(gateway, subscriptionId))
      : await validRequest(fixtures, gateway, under, subscriptionId);
    const operation = await gateway.request(under, request, subscriptionId ? { subscriptionId } : {});
    let submitted = await gateway.submitted(operation.id);
    for (let step = 0; step < (fixtures.targetSteps ?? 0) && submitted.status === 'submitted'; step++) {
      await gateway.step();
      submitted = await gateway.operation(operation.id);
    }
    if (submitted.status !== 'submitted') {
      throw new Error(
        `${purpose}: the ${under} acted on ended ${submitted.status} before it could be acted on, expected submitted`,
      );
    }
    return submitted;
  };

  if (creatingKinds.includes(kind)) return { ok: true, subscriptionId: null };
  switch (status) {
    case 'active': {
      const line = await active();
      if (!line) return { ok: false, skip: 'no declared kind creates a line (activate or port_in)' };
      if (kind === 'cancel_cease') return cancelCeaseStart(gateway, fixtures, line, purpose);
      return { ok: true, subscriptionId: line };
    }
    case 'suspended': {
      if (!has('suspend')) return { ok: false, skip: 'suspend is not declared, so no line can be suspended' };
      const line = await active();
      if (!line) return { ok: false, skip: 'no declared kind creates a line (activate or port_in)' };
      await succeed(gateway, fixtures, 'suspend', line, purpose);
      if (kind === 'cancel_cease') return cancelCeaseStart(gateway, fixtures, line, purpose);
      return { ok: true, subscriptionId: line };
    }
    case 'ceased': {
      if (!has('cease')) return { ok: false, skip: 'cease is not declared, so no line can be ceased' };
      const line = await active();
      if (!line) return { ok: false, skip: 'no declared kind creates a line (activate or port_in)' };
      await succeed(gateway, fixtures, 'cease', line, purpose);
      return { ok: true, subscriptionId: line };
    }
    case 'pending': {
      if (!has('activate')) return { ok: false, skip: 'activate is not declared' };
      const target = await submittedOn('activate', null);
      return { ok: true, subscriptionId: target.subscriptionId, target };
    }
    case 'porting_in': {
      if (!has('port_in')) return { ok: false, skip: 'port_in is not declared' };
      const target = await submittedOn('port_in', null);
      return { ok: true, subscriptionId: target.subscriptionId, target };
    }
    case 'porting_out': {
      if (!has('port_out')) return { ok: false, skip: 'port_out is not declared' };
      const line = await active();
      if (!line) return { ok: false, skip: 'no declared kind creates a line (activate or port_in)' };
      const target = await submittedOn('port_out', line);
      return { ok: true, subscriptionId: line, target };
    }
    default:
      return { ok: false, skip: `no kind leads to ${status} and then allows ${kind}` };
  }

  async function cancelCeaseStart(
    on: ConformanceGateway,
    from: ConformanceFixtures,
    line: string,
    why: string,
  ): Promise<Start> {
    if (!has('cease')) return { ok: false, skip: 'cease is not declared' };
    if (!from.targetRequests?.cancel_cease) {
      throw new Error(`${why}: fixtures.targetRequests.cancel_cease (a cease with a future ceaseAt) is needed`);
    }
    void on;
    const target = await submittedOn('cease', line);
    return { ok: true, subscriptionId: line, target };
  }
}
