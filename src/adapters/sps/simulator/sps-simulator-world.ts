import type { Context } from 'hono';
import type { SpsAccessTokens } from './sps-access-tokens.js';
import type { SpsCallbackDelivery } from './sps-callback-delivery.js';
import { spsError } from './sps-error-responses.js';
import type { SpsSimulatorState } from './sps-simulator-state.js';
import type { RuleWorld } from './sps-transaction-rules.js';
import type { AcceptedTransaction, SpsTransactionBook } from './sps-transactions.js';

/** Everything the simulator's routes share. */
export interface SpsSimulatorWorld extends RuleWorld {
  state: SpsSimulatorState;
  transactions: SpsTransactionBook;
  callbacks: SpsCallbackDelivery;
  tokens: SpsAccessTokens;
}

/** Values the header middleware reads once for every handler. */
export type SpsSimulatorEnv = {
  Variables: { correlationId: string; wholesaleCustomerId: string | undefined };
};

export type SpsContext = Context<SpsSimulatorEnv>;

/** Accepts an asynchronous request: 409 for a reused partnerTransactionId, else the documented acknowledgement. */
export function acceptTransaction(
  context: SpsContext,
  world: SpsSimulatorWorld,
  accepted: Omit<AcceptedTransaction, 'correlationId' | 'wholesaleCustomerId'>,
): Response {
  const duplicate = rejectDuplicate(context, world, accepted.partnerTransactionId);
  if (duplicate) return duplicate;
  const wholesaleCustomerId = context.get('wholesaleCustomerId');
  world.transactions.accept({
    ...accepted,
    correlationId: context.get('correlationId'),
    ...(wholesaleCustomerId ? { wholesaleCustomerId } : {}),
  });
  return context.json({ status: 'Success' as const }, 200);
}

/** Checked before anything else about the request, so a resent request learns it already arrived. */
export function rejectDuplicate(
  context: SpsContext,
  world: SpsSimulatorWorld,
  partnerTransactionId: string,
): Response | null {
  if (!world.transactions.has(partnerTransactionId)) return null;
  return spsError(context, 409, 'SPS-409-DUPLICATE-TRANSACTION', 'partnerTransactionId was already used', {
    partnerTransactionId,
  });
}
