/**
 * bad input: requests generated with fast-check over every route of the gateway's own /openapi.json — path params
 * (real ids and garbage), queries, bodies valid, broken and hostile, wrong content types, NUL bytes, lone surrogates,
 * deep and huge JSON, bad cursors and idempotency keys — plus the fixed cases of issue 8. No answer may be a 5xx,
 * every error is problem+json, none takes over 2 s, and the gateway is healthy afterwards.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { Checks, type Drill, type DrillResult, randomHex } from './lib/drill.js';
import { GatewayProcess } from './lib/gateway.js';
import { call, callExpecting, type Reply, sleep, waitFor } from './lib/http.js';
import { freePort } from './lib/ports.js';
import {
  bodyFor,
  closedLoopbackUrl,
  type JsonSchema,
  nastyStrings,
  sanitiseUrls,
  valueFor,
} from './lib/schema-arbitrary.js';
import { inParallel, percentile, seconds } from './lib/stats.js';

const scales = { small: { requests: 2000, hugeMiB: 8 }, full: { requests: 10_000, hugeMiB: 50 } };
const slowMs = 2000;

interface Route {
  method: string;
  template: string;
  parameters: Array<{ name: string; in: string; schema: JsonSchema; required?: boolean }>;
  body: JsonSchema | undefined;
}

interface FuzzRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string | Uint8Array;
  /** What the request tries, for the findings file. */
  label: string;
  /** A fixed case with a stricter expectation than "no 5xx, problem+json". */
  expectStatus?: number[];
}

interface Finding {
  kind: string;
  request: { method: string; path: string; label: string; headers: Record<string, string>; body?: string };
  status?: number;
  ms?: number;
  answer?: string;
}

/** Path and query values already percent-encoded: the bytes a hostile client would put in a URL. */
const rawEncodedNasties = ['%00', 'sub_%00', '%ED%A0%80', '%C0%80', '%FF', '%25', '..%2F..%2F', '%F0%9F%98%80', '%20'];

function encodeValue(value: string): string {
  try {
    return encodeURIComponent(value);
  } catch {
    return '%ED%A0%80'; // a lone surrogate cannot be encoded as UTF-8; send its CESU-8 bytes
  }
}

const urlValue = (valid: fc.Arbitrary<unknown>) =>
  fc.oneof(
    { weight: 3, arbitrary: valid.map((value) => encodeValue(String(value))) },
    { weight: 2, arbitrary: nastyStrings.map((value) => encodeValue(value.slice(0, 3000))) },
    { weight: 2, arbitrary: fc.constantFrom(...rawEncodedNasties) },
    { weight: 1, arbitrary: fc.constantFrom('zzz', '-1', '0', '1e309', 'null', '[]', 'eyJ4IjoxfQ', 'AAAA') },
  );

/** fetch refuses header values with control characters or code points above 255. */
const isSendableHeader = (value: string) => /^[\t\x20-\x7e\x80-\xff]*$/.test(value);

function deepJson(depth: number, kind: 'array' | 'object'): string {
  return kind === 'array' ? '['.repeat(depth) + ']'.repeat(depth) : '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);
}

function requestArbitrary(
  route: Route,
  components: Record<string, JsonSchema>,
  realValues: (route: Route, parameter: string) => string[],
  keys: { tenant: string; admin: string },
): fc.Arbitrary<FuzzRequest> {
  const pathParameters = route.parameters.filter((parameter) => parameter.in === 'path');
  const queryParameters = route.parameters.filter((parameter) => parameter.in === 'query');
  const keyed = route.parameters.some((parameter) => parameter.name.toLowerCase() === 'idempotency-key');
  const admin = route.template.startsWith('/v1/tenants');
  const pathArbitrary = fc.tuple(
    ...pathParameters.map((parameter) => {
      const real = realValues(route, parameter.name);
      return fc.oneof(
        { weight: 3, arbitrary: real.length > 0 ? fc.constantFrom(...real) : fc.constant('none') },
        { weight: 2, arbitrary: urlValue(valueFor(parameter.schema, components)) },
      );
    }),
  );
  const queryArbitrary = fc.tuple(
    ...queryParameters.map((parameter) =>
      fc.option(urlValue(valueFor(parameter.schema, components)), { freq: 2, nil: undefined }),
    ),
    fc.option(fc.constantFrom('unknown=1', 'limit=1&limit=2', 'cursor=', '%00=1', 'a=%ED%A0%80'), {
      freq: 4,
      nil: undefined,
    }),
  );
  const authArbitrary = fc.oneof(
    { weight: admin ? 2 : 14, arbitrary: fc.constant(`Bearer ${keys.tenant}`) },
    { weight: admin ? 6 : 1, arbitrary: fc.constant(`Bearer ${keys.admin}`) },
    { weight: 1, arbitrary: fc.constant(undefined) },
    {
      weight: 1,
      arbitrary: fc.constantFrom('Bearer', 'Bearer ', 'Basic Zm9vOmJhcg==', 'Bearer sk_nope', `bearer ${keys.tenant}x`),
    },
  );
  const contentTypeArbitrary = fc.oneof(
    { weight: 12, arbitrary: fc.constant('application/json') },
    {
      weight: 4,
      arbitrary: fc.constantFrom(
        undefined,
        'text/plain',
        'text/plain;charset=UTF-8',
        'application/x-www-form-urlencoded',
        'multipart/form-data; boundary=drill',
        'application/json; charset=latin1',
        'APPLICATION/JSON',
        'application/problem+json',
        'application/xml',
        '',
        'application/json;;;',
      ),
    },
  );
  const idempotencyArbitrary = fc.oneof(
    { weight: keyed ? 3 : 12, arbitrary: fc.constant(undefined) },
    { weight: 3, arbitrary: fc.uuid() },
    {
      weight: 2,
      arbitrary: fc.constantFrom('', ' ', 'k'.repeat(255), 'k'.repeat(256), 'k'.repeat(5000), 'ÿ\u00a0é', '%00', 'a b'),
    },
    { weight: 1, arbitrary: fc.string({ minLength: 1, maxLength: 40 }).filter(isSendableHeader) },
  );
  const jsonBody = route.body ? bodyFor(route.body, components) : fc.jsonValue({ maxDepth: 3 });
  const bodyArbitrary: fc.Arbitrary<string | Uint8Array | undefined> = fc.oneof(
    { weight: 14, arbitrary: jsonBody.map((value) => JSON.stringify(sanitiseUrls(value)) ?? 'null') },
    { weight: 1, arbitrary: fc.string({ maxLength: 60 }) },
    { weight: 1, arbitrary: fc.constantFrom('', '{', '{"a":1,}', 'null', '[]', '"x"', '1e999', '\u0000') },
    {
      weight: 1,
      arbitrary: fc
        .tuple(fc.constantFrom(1000, 10_000, 100_000), fc.constantFrom('array' as const, 'object' as const))
        .map(([depth, kind]) => deepJson(depth, kind)),
    },
    { weight: 1, arbitrary: fc.constant(new Uint8Array([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d])) },
  );
  const withBody = route.method !== 'GET' && route.method !== 'HEAD';
  return fc
    .record({
      path: pathArbitrary,
      query: queryArbitrary,
      authorization: authArbitrary,
      contentType: contentTypeArbitrary,
      idempotencyKey: idempotencyArbitrary,
      body: withBody ? fc.option(bodyArbitrary, { freq: 12, nil: undefined }) : fc.constant(undefined),
    })
    .map((drawn) => {
      let path = route.template;
      pathParameters.forEach((parameter, index) => {
        path = path.replace(`{${parameter.name}}`, drawn.path[index] as string);
      });
      const query = drawn.query
        .map((value, index) => {
          if (value === undefined) return undefined;
          const parameter = queryParameters[index];
          return parameter ? `${parameter.name}=${value}` : value;
        })
        .filter(Boolean)
        .join('&');
      const headers: Record<string, string> = {};
      if (drawn.authorization !== undefined) headers.authorization = drawn.authorization;
      if (drawn.body !== undefined && drawn.contentType !== undefined) headers['content-type'] = drawn.contentType;
      if (drawn.idempotencyKey !== undefined && isSendableHeader(drawn.idempotencyKey)) {
        headers['idempotency-key'] = drawn.idempotencyKey;
      }
      return {
        method: route.method,
        path: query ? `${path}?${query}` : path,
        headers,
        ...(drawn.body !== undefined ? { body: drawn.body } : {}),
        label: `${route.method} ${route.template}`,
      };
    });
}

async function run(context: { scale: 'small' | 'full' }): Promise<DrillResult> {
  const name = 'bad-input';
  const logDir = mkdtempSync(join('/tmp', 'drills-bad-input-'));
  const checks = new Checks();
  const scale = scales[context.scale];
  const seed = Number(process.env.DRILLS_SEED ?? 8008);
  const adminKey = `admin-drill-${randomHex()}`;
  const tenantKey = `sk_drill_${randomHex()}`;
  const gateway = new GatewayProcess({
    port: await freePort(),
    logDir,
    env: {
      ADMIN_API_KEY: adminKey,
      SANDBOX: 'true',
      SANDBOX_API_KEY: tenantKey,
      SANDBOX_CARRIER_DELAY_MS: '50',
      DATA_DIR: join(logDir, 'data'),
    },
  });
  const findings: Finding[] = [];
  const counts = { sent: 0, fiveXx: 0, notProblem: 0, slow: 0, noAnswer: 0, noRequestId: 0, noInstance: 0, strict: 0 };
  const durations: number[] = [];
  try {
    await gateway.start();
    const rssAtStart = gateway.rssMiB()?.now;
    const document = (await callExpecting([200], gateway.baseUrl, 'GET', '/openapi.json')).json as {
      paths: Record<
        string,
        Record<
          string,
          { parameters?: Route['parameters']; requestBody?: { content?: Record<string, { schema: JsonSchema }> } }
        >
      >;
      components: { schemas: Record<string, JsonSchema>; parameters?: Record<string, Route['parameters'][number]> };
    };
    // Shared parameters (Idempotency-Key) are references to components.parameters.
    const resolveParameter = (parameter: Route['parameters'][number] | { $ref: string }) =>
      '$ref' in parameter
        ? document.components.parameters?.[parameter.$ref.replace('#/components/parameters/', '')]
        : parameter;
    const routes: Route[] = Object.entries(document.paths).flatMap(([template, methods]) =>
      Object.entries(methods).map(([method, operation]) => ({
        method: method.toUpperCase(),
        template,
        parameters: (operation.parameters ?? [])
          .map(resolveParameter)
          .filter((parameter): parameter is Route['parameters'][number] => parameter !== undefined),
        body: operation.requestBody?.content?.['application/json']?.schema,
      })),
    );

    // Real resources, so generated requests reach the code behind "not found".
    const auth = { key: tenantKey };
    const sims = await callExpecting(
      [200],
      gateway.baseUrl,
      'GET',
      '/v1/sim-cards?carrier=stn&status=available&limit=2',
      auth,
    );
    const iccid = (sims.json as { data: Array<{ iccid: string }> }).data[0]?.iccid as string;
    const activation = await callExpecting([202], gateway.baseUrl, 'POST', '/v1/subscriptions', {
      ...auth,
      body: { sim: { type: 'physical', iccid } },
    });
    const operation = activation.json as { id: string; subscriptionId: string };
    await waitFor('the first activation', 30_000, async () => {
      const view = await call(gateway.baseUrl, 'GET', `/v1/operations/${operation.id}`, auth);
      return (view.json as { status: string }).status === 'submitted' ||
        (view.json as { status: string }).status === 'pending'
        ? undefined
        : true;
    });
    const spareKey = (
      await callExpecting([201], gateway.baseUrl, 'POST', '/v1/api-keys', { ...auth, body: { label: 'spare' } })
    ).json as { id: string };
    const webhook = await call(gateway.baseUrl, 'POST', '/v1/webhook-endpoints', {
      ...auth,
      body: { url: closedLoopbackUrl },
    });
    const webhookId = webhook.status === 201 ? (webhook.json as { id: string }).id : 'we_none';
    const fuzzTenant = (
      await callExpecting([201], gateway.baseUrl, 'POST', '/v1/tenants', { key: adminKey, body: { name: 'fuzz' } })
    ).json as { tenant: { id: string } };
    const realValues = (route: Route, parameter: string): string[] => {
      if (parameter === 'tenantId') return [fuzzTenant.tenant.id];
      if (parameter === 'name') return ['fuzzconn'];
      if (parameter === 'carrier') return ['sps', 'stn'];
      if (parameter === 'connection') return ['cc_sandbox_sps', 'cc_sandbox_stn'];
      if (parameter === 'deliveryId') return ['dlv_none'];
      if (route.template.startsWith('/v1/subscriptions')) return [operation.subscriptionId];
      if (route.template.startsWith('/v1/operations')) return [operation.id];
      if (route.template.startsWith('/v1/webhook-endpoints')) return [webhookId];
      if (route.template.startsWith('/v1/api-keys')) return [spareKey.id];
      return [];
    };

    const keys = { tenant: tenantKey, admin: adminKey };
    const generated = fc.sample(
      fc.oneof(...routes.map((route) => requestArbitrary(route, document.components.schemas, realValues, keys))),
      { numRuns: scale.requests, seed },
    );
    const fixed = fixedCases(
      routes,
      operation,
      webhook.status === 201 ? webhookId : undefined,
      tenantKey,
      scale.hugeMiB,
    );

    const record = (kind: string, request: FuzzRequest, reply?: Reply) => {
      if (findings.filter((finding) => finding.kind === kind).length >= 25) return;
      const body = typeof request.body === 'string' ? request.body.slice(0, 300) : request.body ? '(bytes)' : undefined;
      findings.push({
        kind,
        request: {
          method: request.method,
          path: request.path.slice(0, 300),
          label: request.label,
          headers: request.headers,
          ...(body !== undefined ? { body } : {}),
        },
        ...(reply ? { status: reply.status, ms: Math.round(reply.ms), answer: reply.text.slice(0, 300) } : {}),
      });
    };
    const send = async (request: FuzzRequest) => {
      counts.sent++;
      let reply: Reply;
      try {
        reply = await call(gateway.baseUrl, request.method, request.path, {
          headers: request.headers,
          ...(request.body !== undefined ? { rawBody: request.body } : {}),
          timeoutMs: 20_000,
        });
      } catch (error) {
        counts.noAnswer++;
        record('no answer', request, { status: 0, ms: 0, text: String(error), headers: new Headers(), json: null });
        return;
      }
      durations.push(reply.ms);
      if (reply.status >= 500) {
        counts.fiveXx++;
        record('5xx', request, reply);
      }
      if (reply.ms > slowMs) {
        counts.slow++;
        record('slow', request, reply);
      }
      if (!reply.headers.get('x-request-id')) {
        counts.noRequestId++;
        record('no x-request-id', request, reply);
      }
      if (reply.status >= 400) {
        const problem = reply.json as { status?: unknown; instance?: unknown } | null;
        const isProblem =
          (reply.headers.get('content-type') ?? '').startsWith('application/problem+json') &&
          problem?.status === reply.status;
        if (!isProblem) {
          counts.notProblem++;
          record('error not problem+json', request, reply);
        } else if (typeof problem?.instance !== 'string') {
          counts.noInstance++;
          record('problem without instance', request, reply);
        }
      }
      if (request.expectStatus && !request.expectStatus.includes(reply.status)) {
        counts.strict++;
        record(`fixed case answered ${reply.status}, wanted ${request.expectStatus.join('/')}`, request, reply);
      }
    };
    // The fixed cases one at a time first: a server may drop a connection after refusing an unread huge body, and a
    // request the client had already queued on it would then be counted against the gateway.
    for (const request of fixed) await send(request);
    await sleep(500);
    await inParallel(generated, 6, send);

    const health = await call(gateway.baseUrl, 'GET', '/healthz').catch(() => null);
    const ready = await call(gateway.baseUrl, 'GET', '/readyz').catch(() => null);
    const rss = gateway.rssMiB();
    checks.check(
      health?.status === 200 && ready?.status === 200,
      `after the run /healthz ${health?.status}, /readyz ${ready?.status}`,
    );
    const sample = (kind: string) => {
      const finding = findings.find((candidate) => candidate.kind.startsWith(kind));
      return finding ? ` (e.g. ${finding.request.label} ${finding.request.path.slice(0, 80)} → ${finding.status})` : '';
    };
    checks.check(counts.fiveXx === 0, `${counts.fiveXx} answers were 5xx${sample('5xx')}`);
    checks.check(counts.noAnswer === 0, `${counts.noAnswer} requests got no answer${sample('no answer')}`);
    checks.check(counts.notProblem === 0, `${counts.notProblem} errors were not problem+json${sample('error not')}`);
    checks.check(counts.slow === 0, `${counts.slow} answers took over ${seconds(slowMs)}${sample('slow')}`);
    checks.check(
      counts.noRequestId === 0,
      `${counts.noRequestId} answers lacked x-request-id${sample('no x-request-id')}`,
    );
    checks.check(
      counts.noInstance === 0,
      `${counts.noInstance} problems lacked an instance${sample('problem without')}`,
    );
    checks.check(counts.strict === 0, `${counts.strict} fixed cases answered the wrong status${sample('fixed case')}`);
    writeFileSync(join(logDir, 'findings.json'), JSON.stringify(findings, null, 2));
    const line =
      `${name}: ${counts.sent} requests over ${routes.length} routes (seed ${seed}), ${counts.fiveXx} 5xx, ` +
      `${counts.notProblem} non-problem errors, ${counts.slow} over 2 s (p99 ${seconds(percentile(durations, 0.99))}, ` +
      `max ${seconds(Math.max(0, ...durations))}), ${counts.strict} fixed cases wrong, ${counts.noRequestId} without x-request-id, ` +
      `healthz ${health?.status ?? 'down'}, RSS ${rssAtStart?.toFixed(0)} MiB at start, ${rss?.now.toFixed(0)} MiB after (peak ${rss?.peak.toFixed(0)} MiB)`;
    return { name, line, failures: checks.failures, logDir };
  } catch (error) {
    checks.fail(`drill aborted: ${error instanceof Error ? error.message : String(error)}`);
    writeFileSync(join(logDir, 'findings.json'), JSON.stringify(findings, null, 2));
    return { name, line: `${name}: aborted after ${counts.sent} requests`, failures: checks.failures, logDir };
  } finally {
    await gateway.stop().catch(() => {});
  }
}

/** The cases issue 8 names, each sent once, some with the status the fix must give. */
function fixedCases(
  routes: Route[],
  operation: { id: string; subscriptionId: string },
  webhookId: string | undefined,
  key: string,
  hugeMiB: number,
): FuzzRequest[] {
  const json = { authorization: `Bearer ${key}`, 'content-type': 'application/json' };
  const activation = JSON.stringify({ sim: { type: 'physical', iccid: '8931080040000000000' } });
  const cases: FuzzRequest[] = [
    {
      method: 'POST',
      path: '/v1/subscriptions',
      headers: { ...json, 'content-type': 'text/plain' },
      body: activation,
      label: 'text/plain body',
      expectStatus: [415],
    },
    {
      method: 'POST',
      path: '/v1/subscriptions',
      headers: { ...json, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'sim=1',
      label: 'form body',
      expectStatus: [415],
    },
    {
      method: 'POST',
      path: '/v1/subscriptions',
      headers: { authorization: `Bearer ${key}` },
      body: activation,
      label: 'body without content type',
      expectStatus: [400, 415],
    },
    {
      method: 'GET',
      path: '/v1/subscriptions/sub_%00',
      headers: json,
      label: 'NUL in a path id',
      expectStatus: [400, 404],
    },
    { method: 'GET', path: '/v1/subscriptions?iccid=%00', headers: json, label: 'NUL in a query', expectStatus: [400] },
    {
      method: 'GET',
      path: '/v1/subscriptions?cursor=%00',
      headers: json,
      label: 'NUL in a cursor',
      expectStatus: [400],
    },
    {
      method: 'POST',
      path: `/v1/subscriptions/${operation.subscriptionId}/suspend`,
      headers: { ...json, 'idempotency-key': `nul-${randomHex(4)}` },
      body: JSON.stringify({ reason: 'a\u0000b' }),
      label: 'NUL in a body string',
      expectStatus: [400],
    },
    {
      method: 'POST',
      path: '/v1/webhook-endpoints',
      headers: json,
      body: JSON.stringify({ url: closedLoopbackUrl, description: '\ud800' }),
      label: 'lone surrogate in a body string',
      expectStatus: [400],
    },
    {
      method: 'POST',
      path: '/v1/callbacks/sps/%00',
      headers: { 'content-type': 'application/json' },
      body: '{}',
      label: 'NUL in the callback path',
    },
    {
      method: 'POST',
      path: '/v1/subscriptions',
      headers: { ...json, 'idempotency-key': `deep-${randomHex(4)}` },
      body: `{"sim":{"type":"physical","iccid":"8931080040000000000"},"carrierOptions":{"stn":{"x":${deepJson(10_000, 'array')}}}}`,
      label: 'JSON 10,000 deep with an Idempotency-Key',
      expectStatus: [400, 413, 422],
    },
    {
      method: 'POST',
      path: '/v1/subscriptions',
      headers: { ...json, 'idempotency-key': `huge-${randomHex(4)}` },
      body: `{"externalReference":"${'x'.repeat(hugeMiB * 1024 * 1024)}"}`,
      label: `${hugeMiB} MiB body`,
      expectStatus: [413],
    },
    {
      method: 'POST',
      path: '/v1/callbacks/sps/cc_sandbox_sps',
      headers: { 'content-type': 'application/json' },
      body: `{"x":"${'x'.repeat(8 * 1024 * 1024)}"}`,
      label: 'unauthenticated 8 MiB callback',
      expectStatus: [401, 413],
    },
    {
      method: 'POST',
      path: '/v1/callbacks/stn/cc_sandbox_sps',
      headers: { 'content-type': 'application/json' },
      body: '{}',
      label: "callback to another carrier's connection",
      expectStatus: [404],
    },
  ];
  // A cursor we did not issue must be refused, on every route that takes one.
  for (const route of routes) {
    if (route.method !== 'GET' || !route.parameters.some((parameter) => parameter.name === 'cursor')) continue;
    const webhookRoute = route.template.startsWith('/v1/webhook-endpoints/');
    // Without an endpoint of ours (a loopback target may be refused) its deliveries cannot be listed at all.
    if (webhookRoute && !webhookId) continue;
    const path = route.template
      .replace('{id}', webhookRoute ? (webhookId as string) : operation.subscriptionId)
      .concat(
        route.template.includes('/v1/sim-cards') || route.template.includes('/v1/invoices') ? '?carrier=stn&' : '?',
      );
    cases.push({
      method: 'GET',
      path: `${path}cursor=zzz`,
      headers: json,
      label: `${route.template} cursor=zzz`,
      expectStatus: [400],
    });
  }
  return cases;
}

export const badInputDrill: Drill = {
  name: 'bad-input',
  aliases: ['bad-input', 'input', 'fuzz'],
  run: async (context) => [await run(context)],
};
