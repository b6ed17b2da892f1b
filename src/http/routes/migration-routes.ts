import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import {
  bulkMigrateRequestSchema,
  dryRunView,
  migrateRequestSchema,
  planBulkMigration,
  planMigration,
  startBulkMigration,
  startMigration,
  toOperationView,
} from '../../core/index.js';
import { bulkMigrateExample, migrateExamples } from '../../openapi-examples/index.js';
import { idParam, simChoice } from '../api-schemas.js';
import type { AppDependencies, AppEnvironment } from '../app-environment.js';
import { withIdempotency } from '../idempotency.js';
import { namedSchema } from '../named-schema.js';
import { idempotencyKeyParameter, jsonBody, jsonResponse, problemComponent } from '../openapi-schemas.js';
import { operationAcceptedResponses } from './operation-responses.js';

const migrateBody = namedSchema(migrateRequestSchema.extend({ sim: simChoice.optional() }), 'MigrateRequest');

const migrationPlan = z
  .object({
    object: z.literal('migration_plan'),
    subscriptionId: z.string(),
    msisdn: z.string().nullable(),
    allowed: z.boolean().describe('False when `problems` would stop the migration'),
    source: z.object({ connection: z.string(), carrierType: z.string() }),
    target: z.object({ connection: z.string(), carrierType: z.string() }),
    steps: z.array(
      z.object({
        step: z.number().int(),
        kind: z.string().nullable(),
        connection: z.string(),
        description: z.string(),
      }),
    ),
    servicesCarried: z.record(z.string(), z.unknown()),
    servicesLost: z.array(z.string()),
    plan: z.string().nullable(),
    warnings: z.array(z.string()),
    problems: z.array(problemComponent),
  })
  .openapi('MigrationPlan');

const migrateRoute = createRoute({
  method: 'post',
  path: '/v1/subscriptions/{id}/migrate',
  operationId: 'migrateSubscription',
  tags: ['Subscriptions'],
  summary: 'Move a line to another carrier connection',
  description:
    'One parent operation (`migrate`) whose steps are ordinary operations the engine runs, each visible and ' +
    'linked by `parentOperationId`: (1) port the number in at `targetConnection` onto the new `sim`, (2) wait until ' +
    'the line is active there, (3) cease the old line at the source. The parent shows `progress` (`step 2 of 3`). ' +
    'The subscription keeps its id and number, is `migrating` meanwhile and gains a `carrierHistory` entry when the ' +
    'number moved; services travel through the canonical catalogue, with a warning for any the target lacks.\n\n' +
    "When source and target are one carrier account's two connections (sTN: same base URL, API key and customer " +
    'number, each with its own `providerEnvironment`), the migration is one step instead: a `change_plan` at the ' +
    'source (sTN MoveEnvironmentSubscription), `step 1 of 1`; leave `sim` and `portIn` out, the line keeps its SIM ' +
    'and its id at the carrier. `deadlineSeconds` (default MIGRATION_DEADLINE_SECONDS, 30 days) bounds the port-in: ' +
    'a target that has not completed it by then is asked to cancel it, and the migration ends `failed` with the ' +
    'line as before.\n\n' +
    'Before the number moved, a failure (or POST /v1/operations/{id}/cancel) compensates: the line is as before, at ' +
    'the source (`subscription.migration_compensated`). After it moved, a failing cease at the source ends the ' +
    'parent `requires_action` with what a person must do; the line is active at the target.\n\n' +
    '`?dryRun=true` answers 200 with the plan: steps, carriers, capability and coverage checks, services lost and ' +
    'the problems that would stop it, without storing or sending anything. Problems (without dryRun): ' +
    '`unsupported_by_carrier` (the target cannot hold this number, or lacks port-in or eSIM), `validation_failed` ' +
    '(port-in details the target needs), `conflict_with_state` (the line is not active, or busy).',
  parameters: [idempotencyKeyParameter],
  request: {
    params: idParam,
    query: z.object({
      dryRun: z.enum(['true', 'false']).optional().describe('true: answer the plan, change nothing'),
    }),
    body: jsonBody(migrateBody, migrateExamples),
  },
  responses: {
    ...operationAcceptedResponses,
    200: jsonResponse('The dry run: what the migration would do and what would stop it', migrationPlan),
  },
});

const bulkMigrateBody = namedSchema(
  bulkMigrateRequestSchema.extend({
    lines: z
      .array(
        z.strictObject({
          subscriptionId: z.string().min(1).max(64),
          sim: simChoice,
          portIn: migrateRequestSchema.shape.portIn,
          plan: z.string().min(1).max(36).optional(),
        }),
      )
      .min(1)
      .max(1000),
  }),
  'BulkMigrateRequest',
);

const bulkMigrateRoute = createRoute({
  method: 'post',
  path: '/v1/migrations',
  operationId: 'migrateSubscriptions',
  tags: ['Subscriptions'],
  summary: 'Move many lines to another carrier connection',
  description:
    'Starts one migration per line (as POST /v1/subscriptions/{id}/migrate) under one parent operation ' +
    '(`migrate_bulk`) whose `progress` counts the finished lines; the migrations are its children ' +
    '(GET /v1/operations?parentOperationId=…). All or none: a line that cannot move refuses the request, naming ' +
    "`/lines/<index>/…`. The engine paces the carrier requests by each connection's `pacing` limits " +
    "(PUT /v1/tenants/{tenantId}/carrier-connections/{name}). `?dryRun=true` answers each line's plan.",
  parameters: [idempotencyKeyParameter],
  request: {
    query: z.object({ dryRun: z.enum(['true', 'false']).optional() }),
    body: jsonBody(bulkMigrateBody, {
      two: bulkMigrateExample,
    }),
  },
  responses: {
    ...operationAcceptedResponses,
    200: jsonResponse(
      "The dry run: each line's plan",
      z
        .object({ object: z.literal('bulk_migration_plan'), allowed: z.boolean(), lines: z.array(migrationPlan) })
        .openapi('BulkMigrationPlan'),
    ),
  },
});

export function migrationRoutes(dependencies: AppDependencies) {
  const app = new OpenAPIHono<AppEnvironment>();
  app.openapi(migrateRoute, async (context) => {
    const { id } = context.req.valid('param');
    const body = context.req.valid('json');
    const tenantId = context.get('tenant').id;
    if (context.req.valid('query').dryRun === 'true') {
      const plan = await planMigration(dependencies, { tenantId, subscriptionId: id, body });
      return context.json(dryRunView(plan), 200);
    }
    return withIdempotency(context, dependencies, body, async (scope) => {
      const result = await startMigration(
        { ...dependencies, ...scope },
        { tenantId, subscriptionId: id, body, idempotencyKey: context.req.header('idempotency-key') ?? null },
      );
      return { status: 202, body: toOperationView(result.operation) };
    }) as never;
  });
  app.openapi(bulkMigrateRoute, async (context) => {
    const body = context.req.valid('json');
    const tenantId = context.get('tenant').id;
    if (context.req.valid('query').dryRun === 'true') {
      return context.json(await planBulkMigration(dependencies, { tenantId, body }), 200);
    }
    return withIdempotency(context, dependencies, body, async (scope) => {
      const parent = await startBulkMigration(
        { ...dependencies, ...scope },
        { tenantId, body, idempotencyKey: context.req.header('idempotency-key') ?? null },
      );
      return { status: 202, body: toOperationView(parent) };
    }) as never;
  });
  return app;
}
