import {
  type AdapterDependencies,
  type CarrierAdapterV1,
  type CarrierStatusUpdate,
  NotFoundError,
  type OperationKind,
  type PollReference,
  type SubmissionLookup,
  type SubmitRequest,
  type SubmitResult,
} from '../../core/index.js';
import type { components } from './generated/stn-api.js';
import { type LineState, type StnActivation, toStatusUpdate } from './stn-activation-updates.js';
import { needsLineState } from './stn-cancellation-outcome.js';
import { stnCapabilities, stnPollBatchSize } from './stn-capabilities.js';
import { createStnCarrierActions } from './stn-carrier-actions.js';
import { createStnHttp, type StnHttp } from './stn-client.js';
import type { StnConnectionConfig } from './stn-connection-config.js';
import { listResults } from './stn-list-results.js';
import { e164ToStnPhoneNumber } from './stn-phone-number.js';
import {
  lineQuery,
  pageOf,
  skipOf,
  stnSimStatusFor,
  toCdrView,
  toInvoiceView,
  toSimCardView,
  toSubscriptionView,
  toUsageViews,
  toYearMonth,
} from './stn-reads.js';
import { buildStnRequest, type StnPostRequest } from './stn-request-builders.js';
import { canonicalServiceNameForStn } from './stn-services-mapping.js';
import { isCancellationKind, showsCancellation } from './stn-status-mapping.js';
import { validateStnRequest } from './stn-validation.js';

type StnSubscription = components['schemas']['Subscription'];
type StnSimcard = components['schemas']['Simcard'];
type StnUsage = components['schemas']['UsageSubscription'];
type StnCdr = components['schemas']['Cdr'];
type StnInvoice = components['schemas']['Invoice'];

/**
 * The sTN adapter (spec v1): every change is an sTN POST answering an Activation, tracked with QueryActivation
 * until DONE or ERROR. Our correlation id rides as `referenceNumber`, so an unseen answer can be reconciled by
 * asking sTN for it instead of sending the request again.
 */
export function createStnAdapter(config: StnConnectionConfig, dependencies: AdapterDependencies): CarrierAdapterV1 {
  const http = createStnHttp(config, dependencies);
  return {
    specVersion: 'v1',
    id: 'stn',
    capabilities: stnCapabilities,
    validate: validateStnRequest,
    submit: (request) => submit(http, config, request),
    poll: (references) => poll(http, references),
    findSubmission: (request) => findSubmission(http, request),
    ...reads(http),
    carrierActions: createStnCarrierActions(http),
  };
}

/** The service names sTN left out of its echo: it drops names it does not know (documented), silently. */
function droppedServices(sent: StnPostRequest, activation: StnActivation): string[] {
  const sentServices = (sent.body as { services?: Record<string, unknown> }).services;
  if (!sentServices) return [];
  const echoed = (activation.info?.services ?? {}) as Record<string, unknown>;
  return Object.keys(sentServices)
    .filter((name) => !(name in echoed))
    .map((name) => canonicalServiceNameForStn(name) ?? name);
}

async function submit(http: StnHttp, config: StnConnectionConfig, request: SubmitRequest): Promise<SubmitResult> {
  const kind = request.operation.kind;
  const built = buildStnRequest(request, config);
  const activation = await http.call<StnActivation>({
    operation: built.operation,
    write: true,
    kind,
    send: (client) =>
      // One typed request per path is built above; the client call itself takes the union.
      client.POST(built.path as '/api/NewSubscription', { body: built.body as never }),
  });
  const line = await lineStateFor(http, kind, activation, new Map());
  const update = { ...toStatusUpdate(kind, activation, line), operationId: request.operation.id };
  const dropped =
    kind === 'change_services' || kind === 'activate' || kind === 'port_in' ? droppedServices(built, activation) : [];
  const warnings = dropped.length > 0 ? [`sTN ignored the services ${dropped.join(', ')}.`] : [];
  if (warnings.length > 0) update.warnings = [...(update.warnings ?? []), ...warnings];
  return { carrierReference: activation.id, update, ...(warnings.length > 0 ? { warnings } : {}) };
}

async function queryActivations(http: StnHttp, query: Record<string, string | number>): Promise<StnActivation[]> {
  const envelope = await http.call({
    operation: 'QueryActivation',
    write: false,
    send: (client) => client.GET('/api/QueryActivation', { params: { query } }),
  });
  return listResults<StnActivation>('QueryActivation', envelope);
}

/** One `QueryActivation?IdIn=…` per batch of activations; references sharing an activation share its answer. */
async function poll(http: StnHttp, references: readonly PollReference[]): Promise<CarrierStatusUpdate[]> {
  const ids = [...new Set(references.map((reference) => reference.carrierReference))];
  const byId = new Map<string, StnActivation>();
  for (let start = 0; start < ids.length; start += stnPollBatchSize) {
    const batch = ids.slice(start, start + stnPollBatchSize);
    const activations = await queryActivations(http, { IdIn: batch.join(','), take: batch.length });
    for (const activation of activations) byId.set(activation.id, activation);
  }
  const updates: CarrierStatusUpdate[] = [];
  const lines = new Map<string, LineState>();
  for (const reference of references) {
    const activation = byId.get(reference.carrierReference);
    if (!activation) continue;
    const line = await lineStateFor(http, reference.kind, activation, lines, reference.cancellationRequested ?? false);
    updates.push({ ...toStatusUpdate(reference.kind, activation, line), operationId: reference.operationId });
  }
  return updates;
}

/**
 * The state of the activation's line, read only when its status alone cannot tell the outcome (a cancellable
 * request or a cancellation that reached a final status); one QuerySubscription per line per poll.
 */
async function lineStateFor(
  http: StnHttp,
  kind: OperationKind,
  activation: StnActivation,
  cache: Map<string, LineState>,
  /** From the poll reference: a cancellation of this request was sent, so its final word may be the cancellation's. */
  cancellationRequested = false,
): Promise<LineState | undefined> {
  if (!needsLineState(kind, activation.status, cancellationRequested)) return undefined;
  const subscriptionId = activation.subscriptionId;
  if (!subscriptionId) return { state: undefined };
  const cached = cache.get(subscriptionId);
  if (cached) return cached;
  const envelope = await http.call({
    operation: 'QuerySubscription',
    write: false,
    send: (client) => client.GET('/api/QuerySubscription', { params: { query: { id: subscriptionId, take: 1 } } }),
  });
  const [subscription] = listResults<StnSubscription>('QuerySubscription', envelope);
  const line = { state: subscription?.state ?? undefined };
  cache.set(subscriptionId, line);
  return line;
}

function sameMoment(left: unknown, right: string | undefined): boolean {
  if (right === undefined) return true;
  return typeof left === 'string' && Date.parse(left) === Date.parse(right);
}

async function findSubmission(http: StnHttp, request: SubmitRequest): Promise<SubmissionLookup> {
  const kind: OperationKind = request.operation.kind;
  const found = async (activation: StnActivation): Promise<SubmissionLookup> => ({
    found: true,
    carrierReference: activation.id,
    update: {
      ...toStatusUpdate(kind, activation, await lineStateFor(http, kind, activation, new Map())),
      operationId: request.operation.id,
    },
  });
  if (isCancellationKind(kind) || kind === 'change_port_in') {
    // These act on an existing activation and carry no referenceNumber: the target shows whether they arrived.
    const targetId = request.target?.carrierReference;
    if (!targetId) return { found: false };
    const [target] = await queryActivations(http, { id: targetId });
    if (!target) return { found: false };
    if (isCancellationKind(kind)) {
      // Under way and marked as being cancelled, or already final (the line then tells what happened): arrived.
      const final = needsLineState(kind, target.status, false);
      return final || showsCancellation(target) ? found(target) : { found: false };
    }
    const wanted = request.operation.request as { portAt?: string; donorAccountNumber?: string };
    const info = (target.info ?? {}) as Record<string, unknown>;
    const applied =
      sameMoment(info.portingWishDate, wanted.portAt) &&
      (wanted.donorAccountNumber === undefined || info.donorCustomerNumber === wanted.donorAccountNumber);
    return applied ? found(target) : { found: false };
  }
  const correlationId = request.operation.correlationId;
  const activations = await queryActivations(http, { referenceNumber: correlationId, take: 10 });
  // AutoQuery compares case-insensitively; our ids are case-sensitive, so check exactly.
  const match = activations.find((activation) => activation.referenceNumber === correlationId);
  return match ? found(match) : { found: false };
}

function reads(
  http: StnHttp,
): Pick<CarrierAdapterV1, 'getSubscription' | 'listSimCards' | 'getUsage' | 'listCdrs' | 'listInvoices'> {
  return {
    async getSubscription(line) {
      const query = lineQuery(line);
      const envelope = await http.call({
        operation: 'QuerySubscription',
        write: false,
        send: (client) => client.GET('/api/QuerySubscription', { params: { query: { ...query, take: 1 } } }),
      });
      const [subscription] = listResults<StnSubscription>('QuerySubscription', envelope);
      if (!subscription) throw new NotFoundError('sTN subscription', Object.values(query).join(''));
      return toSubscriptionView(subscription);
    },
    async listSimCards({ status, cursor, limit }) {
      const skip = skipOf(cursor);
      const carrierStatus = status && status !== 'unknown' ? stnSimStatusFor[status] : undefined;
      const envelope = await http.call({
        operation: 'QuerySimcard',
        write: false,
        send: (client) =>
          client.GET('/api/QuerySimcard', {
            params: {
              query: {
                ...(carrierStatus ? { status: carrierStatus as 'FREE' } : {}),
                skip,
                take: limit + 1,
                orderBy: 'simCardNumber',
              },
            },
          }),
      });
      return pageOf(listResults<StnSimcard>('QuerySimcard', envelope), skip, limit, toSimCardView);
    },
    async getUsage(line, { period }) {
      const envelope = await http.call({
        operation: 'QueryUsageSubscription',
        write: false,
        send: (client) =>
          client.GET('/api/QueryUsageSubscription', {
            params: { query: { ...usageLineQuery(line), yearMonth: toYearMonth(period) } },
          }),
      });
      return listResults<StnUsage>('QueryUsageSubscription', envelope).flatMap(toUsageViews);
    },
    async listCdrs(line, { period, cursor, limit }) {
      const skip = skipOf(cursor);
      const envelope = await http.call({
        operation: 'QueryCdr',
        write: false,
        send: (client) =>
          client.GET('/api/QueryCdr', {
            params: {
              query: {
                ...usageLineQuery(line),
                yearMonth: toYearMonth(period),
                skip,
                take: limit + 1,
                orderBy: 'usageDate',
              },
            },
          }),
      });
      return pageOf(listResults<StnCdr>('QueryCdr', envelope), skip, limit, toCdrView);
    },
    async listInvoices({ cursor, limit }) {
      const skip = skipOf(cursor);
      const envelope = await http.call({
        operation: 'QueryInvoice',
        write: false,
        send: (client) =>
          client.GET('/api/QueryInvoice', {
            params: { query: { skip, take: limit + 1, orderByDesc: 'yearMonth' } },
          }),
      });
      return pageOf(listResults<StnInvoice>('QueryInvoice', envelope), skip, limit, toInvoiceView);
    },
  };
}

/** CDR and usage records name the line by subscriptionId and phoneNumber (no `id` of the line). */
function usageLineQuery(line: Parameters<typeof lineQuery>[0]): { subscriptionId?: string; phoneNumber?: string } {
  if (line.carrierSubscriptionId) return { subscriptionId: line.carrierSubscriptionId };
  if (line.msisdn) return { phoneNumber: e164ToStnPhoneNumber(line.msisdn) };
  const query = lineQuery(line);
  return query as { phoneNumber?: string };
}
