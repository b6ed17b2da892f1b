import { Ajv2020 } from 'ajv/dist/2020.js';
import ajvFormats from 'ajv-formats';
import { beforeAll, describe, expect, it } from 'vitest';
import { createIdGenerator, errorCodes, eventTypes } from '../../src/core/index.js';
import { createApp } from '../../src/http/app.js';
import { silentLogger } from '../../src/http/logger.js';

/**
 * The served /openapi.json as a client generator sees it: every operation named and described, every example valid
 * against the schema it sits beside (checked with a JSON Schema 2020-12 validator, as OpenAPI 3.1 defines them),
 * shared components referenced rather than copied, events under `webhooks`.
 */
// biome-ignore lint/suspicious/noExplicitAny: the document is walked generically; assertions check each value.
type Json = Record<string, any>;
let document: Json;

function unusable(): never {
  throw new Error('building the document must not touch dependencies');
}

beforeAll(async () => {
  const proxy = new Proxy({}, { get: unusable }) as never;
  const app = createApp({
    store: proxy,
    carriers: proxy,
    engine: proxy,
    clock: { now: () => new Date(0) },
    ids: createIdGenerator(),
    logger: silentLogger,
    version: '9.9.9',
    publicUrl: 'https://gateway.example.net',
  });
  const response = await app.request('/openapi.json');
  expect(response.status).toBe(200);
  document = (await response.json()) as Json;
});

const methods = ['get', 'post', 'put', 'patch', 'delete'];
function operations(): Array<{ where: string; operation: Json }> {
  return Object.entries(document.paths as Json).flatMap(([path, item]) =>
    methods.filter((method) => item[method]).map((method) => ({ where: `${method} ${path}`, operation: item[method] })),
  );
}

function resolve(node: Json): Json {
  if (typeof node?.$ref !== 'string') return node;
  const [, kind, name] = (node.$ref as string).match(/^#\/components\/([^/]+)\/(.+)$/) ?? [];
  return resolve(document.components[kind as string][name as string]);
}

/** Every example with the schema it illustrates: request bodies, responses (shared ones too) and webhooks. */
function examplesWithSchemas(): Array<{ where: string; schema: Json; value: unknown }> {
  const found: Array<{ where: string; schema: Json; value: unknown }> = [];
  const collect = (where: string, content: Json | undefined) => {
    for (const [mediaType, media] of Object.entries(content ?? {}) as Array<[string, Json]>) {
      for (const [name, example] of Object.entries((media.examples ?? {}) as Json)) {
        found.push({ where: `${where} ${mediaType} ${name}`, schema: media.schema, value: resolve(example).value });
      }
    }
  };
  const all = [
    ...operations(),
    ...Object.entries(document.webhooks as Json).map(([name, item]) => ({
      where: `webhook ${name}`,
      operation: item.post,
    })),
  ];
  for (const { where, operation } of all) {
    collect(`${where} request`, resolve(operation.requestBody ?? {}).content);
    for (const [status, response] of Object.entries(operation.responses as Json)) {
      collect(`${where} ${status}`, resolve(response).content);
    }
  }
  return found;
}

describe('the OpenAPI document', () => {
  it('names, describes and tags every operation, with unique operationIds and declared tags', () => {
    const all = operations();
    expect(all.length).toBeGreaterThanOrEqual(37);
    const declaredTags = new Set((document.tags as Json[]).map((tag) => tag.name));
    for (const tag of document.tags as Json[]) expect(tag.description, tag.name).toBeTruthy();
    const ids = all.map(({ operation }) => operation.operationId);
    expect(new Set(ids).size).toBe(ids.length);
    for (const { where, operation } of all) {
      expect(operation.operationId, where).toMatch(/^[a-z][A-Za-z]+$/);
      expect(operation.summary, where).toBeTruthy();
      expect(operation.description?.length ?? 0, where).toBeGreaterThan(30);
      for (const tag of operation.tags) expect(declaredTags.has(tag), `${where}: tag ${tag}`).toBe(true);
    }
    expect(ids).toEqual(
      expect.arrayContaining([
        'createSubscription',
        'suspendSubscription',
        'resumeSubscription',
        'ceaseSubscription',
        'getOperation',
        'listEvents',
        'listSimCards',
        'createWebhookEndpoint',
      ]),
    );
  });

  it('requires bearer auth by default, names the public routes, and serves from PUBLIC_URL', () => {
    expect(document.security).toEqual([{ bearerAuth: [] }]);
    expect(document.components.securitySchemes.bearerAuth).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(document.servers).toEqual([{ url: 'https://gateway.example.net', description: 'This gateway' }]);
    expect(document.info.license).toEqual({ name: 'Apache-2.0', identifier: 'Apache-2.0' });
    const publicOperations = operations()
      .filter(({ operation }) => Array.isArray(operation.security) && operation.security.length === 0)
      .map(({ where }) => where)
      .sort();
    expect(publicOperations).toEqual(
      ['get /', 'get /healthz', 'get /readyz', 'post /v1/callbacks/{carrier}/{connection}'].sort(),
    );
  });

  it('gives every schema a client sees a name: no inline objects of unknown shape, Problem referenced', () => {
    const schemas = document.components.schemas as Json;
    for (const name of ['SimCard', 'Invoice', 'UsageRecord', 'Cdr', 'PhysicalSim', 'ESim', 'Problem', 'Event']) {
      expect(schemas[name], name).toBeDefined();
    }
    expect(schemas.Sim.discriminator).toEqual({
      propertyName: 'type',
      mapping: { physical: '#/components/schemas/PhysicalSim', esim: '#/components/schemas/ESim' },
    });
    expect(schemas.Operation.properties.error.anyOf).toEqual([
      { $ref: '#/components/schemas/Problem' },
      { type: 'null' },
    ]);
    // No component took on the nullability of one place that refers to it.
    for (const [name, schema] of Object.entries(schemas))
      expect([schema.type ?? []].flat(), name).not.toContain('null');
    expect(schemas.Problem.properties.code.enum).toEqual([...Object.keys(errorCodes), 'not_ready']);
    const simCards = resolve(document.paths['/v1/sim-cards'].get.responses['200']);
    expect(simCards.content['application/json'].schema.properties.data.items).toEqual({
      $ref: '#/components/schemas/SimCard',
    });
    // No untyped item lists remain (the pass-through reads were `additionalProperties: {}`).
    expect(JSON.stringify(document.paths)).not.toContain('"items":{"type":"object","additionalProperties":{}}');
  });

  it('declares Idempotency-Key once and refers to it from every mutation that takes it', () => {
    expect(document.components.parameters.IdempotencyKey).toMatchObject({ name: 'Idempotency-Key', in: 'header' });
    // Everything that starts an operation (202 with Location), and webhook endpoint creation.
    const mutations = operations().filter(
      ({ where, operation }) =>
        resolve(operation.responses['202'] ?? {}).headers?.Location || where === 'post /v1/webhook-endpoints',
    );
    expect(mutations.length).toBe(16); // …including carrier actions, migrate and bulk migrations
    for (const { where, operation } of mutations) {
      expect(operation.parameters, where).toContainEqual({ $ref: '#/components/parameters/IdempotencyKey' });
      expect(JSON.stringify(operation.parameters), where).not.toMatch(/"name":"idempotency-key"/i);
    }
    expect(JSON.stringify(document.paths)).not.toContain('"in":"header","name":"idempotency-key"');
  });

  it('answers problems with shared responses as application/problem+json, and declares x-request-id everywhere', () => {
    for (const { where, operation } of operations()) {
      for (const [status, response] of Object.entries(operation.responses as Json)) {
        const resolved = resolve(response);
        expect(resolved.headers?.['x-request-id'], `${where} ${status}`).toEqual({
          $ref: '#/components/headers/RequestId',
        });
        if (Number(status) >= 400)
          expect(Object.keys(resolved.content), `${where} ${status}`).toEqual(['application/problem+json']);
      }
    }
    const accepted = resolve(document.paths['/v1/subscriptions'].post.responses['202']);
    expect(Object.keys(accepted.headers).sort()).toEqual(['Idempotent-Replayed', 'Location', 'x-request-id']);
  });

  it('has a valid example for every request body and every main response', () => {
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    // ajv-formats is CommonJS: its plugin is the default export of the module object.
    ajvFormats.default(ajv);
    ajv.addSchema({ $id: 'doc', components: document.components }, 'doc');
    const examples = examplesWithSchemas();
    expect(examples.length).toBeGreaterThan(60);
    const failures: string[] = [];
    for (const { where, schema, value } of examples) {
      const rebased = JSON.parse(JSON.stringify(schema).replaceAll('"#/components/', '"doc#/components/'));
      const validate = ajv.compile(rebased);
      if (!validate(value)) failures.push(`${where}: ${ajv.errorsText(validate.errors)}`);
    }
    expect(failures).toEqual([]);
    for (const { where, operation } of operations()) {
      if (operation.requestBody) {
        const content = resolve(operation.requestBody).content['application/json'];
        if (!where.includes('/callbacks/'))
          expect(Object.keys(content.examples ?? {}).length, where).toBeGreaterThan(0);
      }
    }
    for (const where of [
      'post /v1/subscriptions',
      'get /v1/operations/{id}',
      'get /v1/subscriptions/{id}',
      'get /v1/events',
    ]) {
      const [method, path] = where.split(' ') as [string, string];
      const operation = document.paths[path][method];
      const success = resolve(operation.responses['200'] ?? operation.responses['202']);
      expect(Object.keys(success.content['application/json'].examples ?? {}).length, where).toBeGreaterThan(0);
    }
  });

  it('describes every event type under webhooks, with the event schema and the Standard Webhooks headers', () => {
    expect(Object.keys(document.webhooks).sort()).toEqual([...eventTypes].sort());
    for (const [type, item] of Object.entries(document.webhooks as Json)) {
      const body = item.post.requestBody.content['application/json'].schema;
      expect(body.$ref, type).toBe(
        type.startsWith('operation.')
          ? '#/components/schemas/OperationEvent'
          : '#/components/schemas/SubscriptionEvent',
      );
      const headers = (item.post.parameters as Json[]).map((parameter) => parameter.name).sort();
      expect(headers, type).toEqual(['webhook-id', 'webhook-signature', 'webhook-timestamp']);
    }
  });
});
