/** Activations as a client sends them, and waiting for their operations to finish. */
import { call, NetworkError, sleep } from './http.js';
import { type OperationView, spsLocation, terminalStatuses } from './tenants.js';

export function activationBody(carrier: 'stn' | 'sps', iccid: string, reference: string): Record<string, unknown> {
  return carrier === 'stn'
    ? { carrier: 'stn', sim: { type: 'physical', iccid }, externalReference: reference }
    : {
        carrier: 'sps',
        sim: { type: 'physical', iccid },
        plan: 'Plan001',
        carrierOptions: { sps: { location: spsLocation } },
        externalReference: reference,
      };
}

/** POST with an idempotency key, resending the same key after a network error or a 5xx (counted in `fiveXx`). */
export async function submitKeyed(
  baseUrl: string,
  apiKey: string,
  path: string,
  body: unknown,
  key: string,
  counters: { fiveXx: number },
): Promise<{ status: number; operationId?: string; text: string }> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      const reply = await call(baseUrl, 'POST', path, {
        key: apiKey,
        body,
        headers: { 'idempotency-key': key },
        timeoutMs: 15_000,
      });
      if (reply.status < 500 || Date.now() > deadline) {
        const id = (reply.json as { id?: string } | null)?.id;
        return { status: reply.status, text: reply.text, ...(id ? { operationId: id } : {}) };
      }
      counters.fiveXx++;
    } catch (error) {
      if (!(error instanceof NetworkError) || Date.now() > deadline) throw error;
    }
    await sleep(200);
  }
}

/** Poll the operations until each is terminal or `timeoutMs` passed; returns the last view of each. */
export async function awaitOperations(
  baseUrl: string,
  apiKey: string,
  ids: readonly string[],
  timeoutMs: number,
): Promise<Map<string, OperationView>> {
  const views = new Map<string, OperationView>();
  const deadline = Date.now() + timeoutMs;
  let open = [...ids];
  while (open.length > 0 && Date.now() < deadline) {
    const still: string[] = [];
    for (const id of open) {
      const reply = await call(baseUrl, 'GET', `/v1/operations/${id}`, { key: apiKey });
      const view = reply.json as OperationView;
      if (reply.status === 200) views.set(id, view);
      if (reply.status !== 200 || !terminalStatuses.has(view.status)) still.push(id);
    }
    open = still;
    if (open.length > 0) await sleep(300);
  }
  return views;
}

export function durationMs(view: OperationView): number | null {
  return view.completedAt ? Date.parse(view.completedAt) - Date.parse(view.createdAt) : null;
}
