import { type CarrierTransport, createCarrierTransport } from 'mvno-gateway/adapter';
import createClient, { type Client } from 'openapi-fetch';
import type { DutchTelConnectionConfig } from './dutchtel-config.js';
import type { paths } from './generated/dutchtel-api.js';

export type DutchTelClient = Client<paths>;

/**
 * The typed client (types generated from openapi/dutchtel.yaml), sending through the kit's carrier transport: one
 * timeout, one classification of network errors, 429 and 5xx, and no secret in any capture.
 */
export function createDutchTelClient(
  config: DutchTelConnectionConfig,
  dependencies: { fetch: typeof globalThis.fetch; timeoutMs: number; now: () => Date },
): { client: DutchTelClient; transport: CarrierTransport } {
  const transport = createCarrierTransport({
    carrierId: 'dutchtel',
    carrierName: 'DutchTel',
    fetch: dependencies.fetch,
    timeoutMs: dependencies.timeoutMs,
    now: dependencies.now,
    redact: { values: [config.apiToken, config.webhookSecret] },
  });
  // The transport as the client's fetch, not as middleware: openapi-fetch accepts a middleware's answer only if it is
  // `instanceof Response`, and under @hono/node-server (which replaces the global Response) a real fetch's is not.
  const client = createClient<paths>({
    baseUrl: config.baseUrl.replace(/\/$/, ''),
    headers: { authorization: `Bearer ${config.apiToken}` },
    fetch: (request: Request) => transport.fetch(request),
  });
  return { client, transport };
}
