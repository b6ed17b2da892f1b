/** Tenant administration over the gateway's HTTP API, as an operator would do it. */
import { callExpecting } from './http.js';

export interface Tenant {
  id: string;
  apiKey: string;
}

export async function createTenant(baseUrl: string, adminKey: string, name: string): Promise<Tenant> {
  const reply = await callExpecting([201], baseUrl, 'POST', '/v1/tenants', { key: adminKey, body: { name } });
  const body = reply.json as { tenant: { id: string }; apiKey: { key: string } };
  return { id: body.tenant.id, apiKey: body.apiKey.key };
}

/** PUT a carrier connection; returns its id (the callback URL names it). */
export async function putConnection(
  baseUrl: string,
  adminKey: string,
  tenantId: string,
  name: string,
  carrier: 'stn' | 'sps',
  config: Record<string, unknown>,
  isDefault = false,
): Promise<string> {
  const reply = await callExpecting([200], baseUrl, 'PUT', `/v1/tenants/${tenantId}/carrier-connections/${name}`, {
    key: adminKey,
    body: { carrier, config, isDefault },
  });
  return (reply.json as { id: string }).id;
}

export interface OperationView {
  id: string;
  kind: string;
  status: string;
  subscriptionId: string;
  request: Record<string, unknown>;
  correlationId: string;
  carrierStatus: string | null;
  error: { code?: string; detail?: string } | null;
  createdAt: string;
  completedAt: string | null;
}

export const terminalStatuses = new Set(['succeeded', 'failed', 'cancelled']);

/** Every operation of the tenant, all pages. */
export async function listAllOperations(baseUrl: string, apiKey: string): Promise<OperationView[]> {
  const all: OperationView[] = [];
  let cursor: string | null = null;
  for (;;) {
    const query: string = cursor ? `?limit=100&cursor=${encodeURIComponent(cursor)}` : '?limit=100';
    const reply = await callExpecting([200], baseUrl, 'GET', `/v1/operations${query}`, { key: apiKey });
    const page = reply.json as { data: OperationView[]; nextCursor: string | null };
    all.push(...page.data);
    if (!page.nextCursor) return all;
    cursor = page.nextCursor;
  }
}

export const spsLocation = { addressLine1: '9601 S Meridian Blvd', city: 'Englewood', state: 'CO', zipCode: '80112' };
