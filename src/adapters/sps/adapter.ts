import type {
  AdapterDependencies,
  CarrierAdapterV1,
  CarrierStatusUpdate,
  PollReference,
  SubmissionLookup,
  SubmitRequest,
} from '../../core/adapter.js';
import { GatewayError } from '../../core/errors.js';
import { callSps, createSpsClient, type SpsApiClient } from './client/sps-client.js';
import { spsUnavailable } from './client/sps-rejection.js';
import { parseSpsCallback } from './sps-callback-parser.js';
import { spsCapabilities } from './sps-capabilities.js';
import type { SpsConnectionConfig } from './sps-connection-config.js';
import { createMemoryReplayStore, type SpsReplayStore } from './sps-replay-guard.js';
import { validateSpsRequest } from './sps-request-validation.js';
import { spsTransactionSchema, spsTransactionToUpdate } from './sps-status-mapping.js';
import { sendSpsSubmission } from './sps-submission.js';
import { readSpsSubscription } from './sps-subscription-read.js';

/** Optional extras beyond the spec's dependencies: a shared replay store, a deterministic correlation id. */
export interface SpsAdapterExtras {
  replayStore?: SpsReplayStore;
  newCorrelationId?: () => string;
}

async function lookUpTransaction(
  client: SpsApiClient,
  partnerTransactionId: string,
): Promise<CarrierStatusUpdate | null> {
  const body = await callSps(
    () =>
      client.GET('/subscription/transaction/status/{partnerTransactionId}', {
        params: { path: { partnerTransactionId } },
      }),
    'report the transaction status',
    { isWrite: false, allowNotFound: true },
  );
  if (body === null) return null;
  const transaction = spsTransactionSchema.safeParse(body);
  if (!transaction.success) {
    throw spsUnavailable(`SPS answered an unreadable transaction status for ${partnerTransactionId}`, {
      requestMayHaveArrived: false,
    });
  }
  return spsTransactionToUpdate(transaction.data);
}

function isDuplicateTransaction(error: unknown): boolean {
  return (
    GatewayError.isInstance(error) &&
    error.carrier?.httpStatus === 409 &&
    error.carrier.code === 'SPS-409-DUPLICATE-TRANSACTION'
  );
}

export function createSpsAdapter(
  config: SpsConnectionConfig,
  dependencies: AdapterDependencies,
  extras: SpsAdapterExtras = {},
): CarrierAdapterV1 {
  const { api } = createSpsClient(config, {
    fetch: dependencies.fetch,
    now: dependencies.now,
    timeoutMs: dependencies.timeoutMs,
    ...(extras.newCorrelationId ? { newCorrelationId: extras.newCorrelationId } : {}),
  });
  // The gateway's database guard (survives restarts, shared by instances); memory only where none was given.
  const sharedReplays = dependencies.callbackReplays;
  const replayStore: SpsReplayStore =
    extras.replayStore ??
    (sharedReplays
      ? {
          rememberOnce: (key, expiresAtMs, nowMs) =>
            sharedReplays.rememberOnce(key, new Date(expiresAtMs), new Date(nowMs)),
        }
      : createMemoryReplayStore());

  return {
    specVersion: 'v1',
    id: 'sps',
    capabilities: spsCapabilities,

    validate: (kind, request) => validateSpsRequest(kind, request),

    async submit(request: SubmitRequest) {
      const carrierReference = request.operation.id;
      try {
        await sendSpsSubmission(api, request);
      } catch (error) {
        // Our operation id is unique to us, so a duplicate means an earlier attempt of this very operation arrived.
        if (!isDuplicateTransaction(error)) throw error;
        const existing = await lookUpTransaction(api, carrierReference);
        if (!existing) throw error;
        return { carrierReference, update: existing };
      }
      return { carrierReference, update: { carrierReference, state: 'in_progress', carrierStatus: 'Received' } };
    },

    async poll(references: readonly PollReference[]) {
      const updates: CarrierStatusUpdate[] = [];
      for (const reference of references) {
        const update = await lookUpTransaction(api, reference.carrierReference);
        if (update) updates.push(update);
      }
      return updates;
    },

    async findSubmission(request: SubmitRequest): Promise<SubmissionLookup> {
      const update = await lookUpTransaction(api, request.operation.id);
      return update ? { found: true, carrierReference: request.operation.id, update } : { found: false };
    },

    parseCallback: (request: Request) =>
      parseSpsCallback(request, {
        secret: config.callbackSecret,
        toleranceSeconds: config.callbackToleranceSeconds,
        now: dependencies.now,
        replayStore,
      }),

    getSubscription: (line) => readSpsSubscription(api, line),
  };
}
