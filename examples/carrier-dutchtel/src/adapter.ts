import {
  type AdapterDependencies,
  type CarrierAdapterV1,
  CarrierRejectedError,
  type CarrierStatusUpdate,
  type SimCardView,
  type SubmitRequest,
  toE164,
} from 'mvno-gateway/adapter';
import { createCallbackParser } from './dutchtel-callbacks.js';
import {
  type DutchTelKind,
  dutchtelCapabilities,
  dutchtelKinds,
  dutchtelPollBatchSize,
} from './dutchtel-capabilities.js';
import { createDutchTelClient } from './dutchtel-client.js';
import type { DutchTelConnectionConfig } from './dutchtel-config.js';
import { orderFor } from './dutchtel-orders.js';
import { updateFromOrder } from './dutchtel-status.js';
import { validateForDutchTel } from './dutchtel-validation.js';

type Problem = { code?: string; message?: string; field?: string };

function isDutchTelRequest(request: SubmitRequest): request is SubmitRequest<DutchTelKind> {
  return (dutchtelKinds as readonly string[]).includes(request.operation.kind);
}

/** DutchTel said no (4xx): final, with its code and message. */
function rejected(what: string, status: number, problem: Problem | undefined): CarrierRejectedError {
  return new CarrierRejectedError(`DutchTel refused to ${what}: ${problem?.message ?? `HTTP ${status}`}`, {
    id: 'dutchtel',
    httpStatus: status,
    ...(problem?.code ? { code: problem.code } : {}),
    ...(problem?.message ? { message: problem.message } : {}),
  });
}

const lineStates = { ACTIVE: 'active', BARRED: 'suspended', TERMINATED: 'ceased', PORTED_OUT: 'ported_out' } as const;
const simStates = { AVAILABLE: 'available', IN_USE: 'in_use', BLOCKED: 'disabled' } as const;

export function createDutchTelAdapter(
  config: DutchTelConnectionConfig,
  dependencies: AdapterDependencies,
): CarrierAdapterV1 {
  const { client, transport } = createDutchTelClient(config, dependencies);
  const parseCallback = createCallbackParser({
    secret: config.webhookSecret,
    now: dependencies.now,
    ...(dependencies.callbackReplays ? { replays: dependencies.callbackReplays } : {}),
  });

  async function ordersBy(query: { orderIds?: string; clientReference?: string }) {
    const { data, error, response } = await transport.call(() => client.GET('/orders', { params: { query } }), {
      write: false,
      what: 'read orders',
    });
    if (!data) throw rejected('read orders', response.status, error);
    return data.orders;
  }

  /**
   * Withdraw a pending port-in: not an order, a call on the port-in's order. DutchTel answers at once, so the
   * cancellation is done (or refused) with its answer; an order already CANCELLED is answered again, so a resend
   * after a lost answer changes nothing.
   */
  async function cancelPortIn(request: SubmitRequest) {
    const orderId = request.target?.carrierReference;
    if (!orderId) {
      throw new CarrierRejectedError('The port-in to cancel has no DutchTel order id yet.', { id: 'dutchtel' });
    }
    const what = 'cancel the port-in order';
    const { data, error, response } = await transport.call(
      () => client.POST('/orders/{orderId}/cancel', { params: { path: { orderId } } }),
      { write: true, what },
    );
    if (!data) throw rejected(what, response.status, error);
    return {
      carrierReference: data.orderId,
      update: { carrierReference: data.orderId, carrierStatus: data.status, state: 'succeeded' as const },
    };
  }

  return {
    specVersion: 'v1',
    id: 'dutchtel',
    capabilities: dutchtelCapabilities,
    validate: validateForDutchTel,

    async submit(request) {
      if (request.operation.kind === 'cancel_port_in') return cancelPortIn(request);
      if (!isDutchTelRequest(request)) {
        throw new CarrierRejectedError(`DutchTel does not support ${request.operation.kind}.`, { id: 'dutchtel' });
      }
      const what = `place the ${request.operation.kind.replaceAll('_', ' ')} order`;
      const { data, error, response } = await transport.call(
        () => client.POST('/orders', { body: orderFor(request) }),
        { write: true, what },
      );
      if (!data) throw rejected(what, response.status, error);
      if (typeof data.orderId !== 'string') {
        throw transport.unavailable('DutchTel accepted an order without an order id', { requestMayHaveArrived: true });
      }
      return { carrierReference: data.orderId, update: updateFromOrder(data) };
    },

    async poll(references) {
      const updates: CarrierStatusUpdate[] = [];
      for (let start = 0; start < references.length; start += dutchtelPollBatchSize) {
        const batch = references.slice(start, start + dutchtelPollBatchSize);
        const orders = await ordersBy({ orderIds: batch.map((reference) => reference.carrierReference).join(',') });
        for (const order of orders) {
          const reference = batch.find((candidate) => candidate.carrierReference === order.orderId);
          updates.push({ ...updateFromOrder(order), ...(reference ? { operationId: reference.operationId } : {}) });
        }
      }
      return updates;
    },

    async findSubmission(request) {
      if (request.operation.kind === 'cancel_port_in') {
        // A cancellation leaves no order of its own: it arrived if the port-in's order is CANCELLED.
        const orderId = request.target?.carrierReference;
        const [order] = orderId ? await ordersBy({ orderIds: orderId }) : [];
        if (order?.status !== 'CANCELLED') return { found: false };
        return {
          found: true,
          carrierReference: order.orderId,
          update: { carrierReference: order.orderId, carrierStatus: order.status, state: 'succeeded' },
        };
      }
      const [order] = await ordersBy({ clientReference: request.operation.correlationId });
      if (!order) return { found: false };
      return { found: true, carrierReference: order.orderId, update: updateFromOrder(order) };
    },

    parseCallback,

    async getSubscription(line) {
      if (!line.carrierSubscriptionId)
        throw new CarrierRejectedError('DutchTel reads lines by line id only.', { id: 'dutchtel' });
      const { data, error, response } = await transport.call(
        () => client.GET('/lines/{lineId}', { params: { path: { lineId: line.carrierSubscriptionId as string } } }),
        { write: false, what: 'read a line' },
      );
      if (!data) throw rejected('read a line', response.status, error);
      return {
        carrierSubscriptionId: data.lineId,
        msisdn: toE164(data.number, 'NL'),
        iccid: data.iccid ?? null,
        status: lineStates[data.state] ?? 'unknown',
        carrierStatus: data.state,
        esim: data.esim ?? false,
        plan: data.tariff ?? null,
        services: {},
        raw: data as Record<string, unknown>,
      };
    },

    async listSimCards(query) {
      const state =
        query.status === 'available'
          ? 'AVAILABLE'
          : query.status === 'in_use'
            ? 'IN_USE'
            : query.status === 'disabled'
              ? 'BLOCKED'
              : undefined;
      const { data, error, response } = await transport.call(
        () =>
          client.GET('/sims', {
            params: {
              query: {
                pageSize: query.limit,
                ...(state ? { state } : {}),
                ...(query.cursor ? { pageToken: query.cursor } : {}),
              },
            },
          }),
        { write: false, what: 'list SIM cards' },
      );
      if (!data) throw rejected('list SIM cards', response.status, error);
      return {
        items: data.sims.map(
          (sim): SimCardView => ({
            iccid: sim.iccid,
            status: simStates[sim.state] ?? 'unknown',
            carrierStatus: sim.state,
            type: sim.iccid.startsWith('8931098') ? 'esim' : 'physical',
            msisdn: null,
            carrierSubscriptionId: sim.lineId ?? null,
          }),
        ),
        ...(data.nextPageToken ? { nextCursor: data.nextPageToken } : {}),
      };
    },
  };
}
