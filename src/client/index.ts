/**
 * The typed SDK for our own API: openapi-fetch over types generated from openapi/gateway.json, so a caller's
 * paths, bodies and responses are checked by the compiler against what the gateway really serves.
 */
import createClient, { type Middleware } from 'openapi-fetch';
import type { components, paths } from './generated/gateway-api.js';

export type { components, paths };
export type Operation = components['schemas']['Operation'];
export type Subscription = components['schemas']['Subscription'];
export type Problem = components['schemas']['Problem'];

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
  return client;
}

export type GatewayClient = ReturnType<typeof createGatewayClient>;
