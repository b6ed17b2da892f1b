import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminKey, type Harness, startHarness } from '../helpers/gateway-harness.js';

let harness: Harness;
beforeAll(async () => {
  harness = await startHarness();
});
afterAll(async () => {
  await harness?.close();
});

describe('operations endpoints', () => {
  it('answers /healthz without credentials', async () => {
    const response = await harness.json('GET', '/healthz', { key: null });
    expect(response).toMatchObject({ status: 200, body: { status: 'ok' } });
  });

  it('answers /readyz when the database is reachable', async () => {
    const response = await harness.json('GET', '/readyz', { key: null });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ status: 'ready' });
  });

  it('publishes an OpenAPI 3.1 document describing the API and its bearer auth', async () => {
    const { status, body } = await harness.json<{
      openapi: string;
      paths: Record<string, unknown>;
      components: { securitySchemes: Record<string, unknown> };
    }>('GET', '/openapi.json', { key: null });
    expect(status).toBe(200);
    expect(body.openapi).toBe('3.1.0');
    expect(Object.keys(body.paths)).toEqual(
      expect.arrayContaining(['/v1/subscriptions', '/v1/operations/{id}', '/healthz']),
    );
    expect(body.components.securitySchemes.bearerAuth).toMatchObject({ type: 'http', scheme: 'bearer' });
  });

  it('serves the API reference page, which loads its script from this server rather than a CDN', async () => {
    const response = await harness.request('GET', '/docs', { key: null });
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('<script src="/docs/scalar.js"></script>');
    expect(html).not.toMatch(/https?:\/\/(cdn|unpkg|fonts)/);
    // The bundle mounts #api-reference by itself; mounting there again leaves the page blank (seen in Chromium).
    expect(html).not.toContain('id="api-reference"');
    expect(html).toContain('withDefaultFonts: false');
  });
});

describe('authentication and errors', () => {
  it('refuses a /v1 call without a key with 401 problem+json', async () => {
    const response = await harness.request('GET', '/v1/subscriptions', { key: null });
    expect(response.status).toBe(401);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    expect(response.headers.get('www-authenticate')).toContain('Bearer');
    expect(await response.json()).toMatchObject({
      status: 401,
      code: 'unauthorised',
      type: expect.stringContaining('/problems/unauthorised'),
    });
  });

  it('refuses an unknown key', async () => {
    const response = await harness.json('GET', '/v1/subscriptions', { key: 'sk_not_a_real_key' });
    expect(response).toMatchObject({ status: 401, body: { code: 'unauthorised' } });
  });

  it('answers an unknown route with 404 problem+json', async () => {
    const response = await harness.request('GET', '/v1/nothing-here');
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    expect(await response.json()).toMatchObject({ status: 404, code: 'not_found' });
  });

  it('answers malformed JSON with 400 problem+json', async () => {
    const response = await harness.request('POST', '/v1/subscriptions', { body: '{"sim": ' });
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    expect(await response.json()).toMatchObject({
      code: 'validation_failed',
      detail: expect.stringContaining('not valid JSON'),
    });
  });

  it('gives every response a request id, and puts it in problems', async () => {
    const response = await harness.request('GET', '/v1/nothing-here');
    const requestId = response.headers.get('x-request-id');
    expect(requestId).toBeTruthy();
    expect(await response.json()).toMatchObject({ instance: `urn:request:${requestId}` });
  });
});

describe('tenant administration and API keys', () => {
  it('creates a tenant only with the admin key, and shows its first key once', async () => {
    const refused = await harness.json('POST', '/v1/tenants', { body: { name: 'Acme Mobile' } });
    expect(refused.status).toBe(401);
    const created = await harness.json<{ tenant: { id: string }; apiKey: { key: string; prefix: string } }>(
      'POST',
      '/v1/tenants',
      {
        key: adminKey,
        body: { name: 'Acme Mobile' },
      },
    );
    expect(created.status).toBe(201);
    expect(created.body.apiKey.key).toMatch(/^sk_/);
    expect(created.body.apiKey.key.startsWith(created.body.apiKey.prefix)).toBe(true);
    const listed = await harness.json<{ data: Array<Record<string, unknown>> }>('GET', '/v1/api-keys', {
      key: created.body.apiKey.key,
    });
    expect(listed.status).toBe(200);
    expect(listed.body.data).toHaveLength(1);
    expect(JSON.stringify(listed.body)).not.toContain(created.body.apiKey.key);
  });

  it('names the wrong field when a tenant body is invalid', async () => {
    const response = await harness.json('POST', '/v1/tenants', { key: adminKey, body: { name: '', extra: 1 } });
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({
      code: 'validation_failed',
      errors: expect.arrayContaining([
        expect.objectContaining({ pointer: '/name' }),
        expect.objectContaining({ pointer: '/extra' }),
      ]),
    });
  });

  it('lets a tenant rotate its keys: a new key works, a revoked one stops at once', async () => {
    const tenant = await harness.json<{ apiKey: { id: string; key: string } }>('POST', '/v1/tenants', {
      key: adminKey,
      body: { name: 'Rotator' },
    });
    const first = tenant.body.apiKey;
    const second = await harness.json<{ id: string; key: string }>('POST', '/v1/api-keys', {
      key: first.key,
      body: { label: 'ci' },
    });
    expect(second.status).toBe(201);
    const revoked = await harness.request('DELETE', `/v1/api-keys/${first.id}`, { key: second.body.key });
    expect(revoked.status).toBe(204);
    expect((await harness.request('GET', '/v1/api-keys', { key: first.key })).status).toBe(401);
    expect((await harness.request('GET', '/v1/api-keys', { key: second.body.key })).status).toBe(200);
  });

  it('refuses to revoke the last active key (409), and the admin can issue a tenant a new key', async () => {
    const tenant = await harness.json<{ tenant: { id: string }; apiKey: { id: string; key: string } }>(
      'POST',
      '/v1/tenants',
      { key: adminKey, body: { name: 'Lock-out' } },
    );
    const only = tenant.body.apiKey;
    const refused = await harness.json('DELETE', `/v1/api-keys/${only.id}`, { key: only.key });
    expect(refused.status).toBe(409);
    expect(refused.headers.get('content-type')).toContain('application/problem+json');
    expect(refused.body).toMatchObject({
      code: 'conflict_with_state',
      detail: expect.stringContaining('last active key'),
    });
    expect((await harness.request('GET', '/v1/api-keys', { key: only.key })).status).toBe(200);

    const path = `/v1/tenants/${tenant.body.tenant.id}/api-keys`;
    expect((await harness.request('POST', path, { key: only.key, body: {} })).status).toBe(401);
    expect((await harness.request('POST', '/v1/tenants/ten_missing/api-keys', { key: adminKey })).status).toBe(404);
    const issued = await harness.json<{ id: string; key: string; prefix: string }>('POST', path, {
      key: adminKey,
      body: { label: 'recovery' },
    });
    expect(issued.status).toBe(201);
    expect(issued.body.key.startsWith(issued.body.prefix)).toBe(true);
    const listed = await harness.json<{ data: Array<{ id: string }> }>('GET', '/v1/api-keys', { key: issued.body.key });
    expect(listed.body.data.map((key) => key.id).sort()).toEqual([only.id, issued.body.id].sort());
    expect(JSON.stringify(listed.body)).not.toContain(issued.body.key);
    // With a second key, the first can go.
    expect((await harness.request('DELETE', `/v1/api-keys/${only.id}`, { key: issued.body.key })).status).toBe(204);
  });

  it("does not let a tenant see or revoke another tenant's key (404, not 403)", async () => {
    const tenantA = await harness.json<{ apiKey: { id: string; key: string } }>('POST', '/v1/tenants', {
      key: adminKey,
      body: { name: 'A' },
    });
    const tenantB = await harness.json<{ apiKey: { id: string; key: string } }>('POST', '/v1/tenants', {
      key: adminKey,
      body: { name: 'B' },
    });
    const response = await harness.json('DELETE', `/v1/api-keys/${tenantA.body.apiKey.id}`, {
      key: tenantB.body.apiKey.key,
    });
    expect(response.status).toBe(404);
    expect((await harness.request('GET', '/v1/api-keys', { key: tenantA.body.apiKey.key })).status).toBe(200);
  });
});
