/**
 * The typed SDK for our own API (`mvno-gateway/client`): openapi-fetch over types generated from
 * openapi/gateway.json, so a caller's paths, bodies and responses are checked by the compiler against what the
 * gateway really serves — plus what every caller would otherwise write: waiting for an operation, verifying a
 * webhook, and problem answers as typed errors.
 */
import createClient, { type Middleware } from 'openapi-fetch';
import type { components, paths } from './generated/gateway-api.js';
import { type WaitOptions, waitForOperation } from './wait-for-operation.js';

export { GatewayProblemError, type Problem, type ProblemCode, unwrap } from './problem-error.js';
export { verifyWebhook, type WebhookEvent, WebhookVerificationError } from './verify-webhook.js';
export { type Operation, OperationTimeoutError, type WaitOptions, waitForOperation } from './wait-for-operation.js';
export type { components, paths };
export type Subscription = components['schemas']['Subscription'];
export type SimCard = components['schemas']['SimCard'];
export type Invoice = components['schemas']['Invoice'];
export type UsageRecord = components['schemas']['UsageRecord'];
export type Cdr = components['schemas']['Cdr'];
export type OperationEvent = components['schemas']['OperationEvent'];
export type SubscriptionEvent = components['schemas']['SubscriptionEvent'];

export interface GatewayClientOptions {
  baseUrl: string;
  apiKey: string;
  fetch?: typeof globalThis.fetch;
}

export function createGatewayClient(options: GatewayClientOptions) {
  const client = createClient<paths>({
    baseUrl: options.baseUrl,
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  const authenticate: Middleware = {
    onRequest({ request }) {
      request.headers.set('Authorization', `Bearer ${options.apiKey}`);
      return request;
    },
  };
  client.use(authenticate);
  return Object.assign(client, {
    /** Poll the operation with backoff until it has finished; see waitForOperation. */
    waitForOperation: (id: string, waitOptions?: WaitOptions) => waitForOperation(client, id, waitOptions),
  });
}

export type GatewayClient = ReturnType<typeof createGatewayClient>;
