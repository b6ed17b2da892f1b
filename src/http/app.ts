import { OpenAPIHono } from '@hono/zod-openapi';
import { HTTPException } from 'hono/http-exception';
import { requestId } from 'hono/request-id';
import { GatewayError, NotFoundError } from '../core/index.js';
import type { AppDependencies, AppEnvironment } from './app-environment.js';
import { gatewayErrorFromHttpException } from './http-exception-error.js';
import { accessLog } from './middleware/access-log.js';
import { authenticateTenant } from './middleware/authenticate.js';
import { limitBodySize } from './middleware/body-limit.js';
import { corsForOrigins } from './middleware/cors-for-origins.js';
import { checkJsonBody } from './middleware/json-body-checks.js';
import { requestIdOnEveryResponse } from './middleware/request-id-on-every-response.js';
import { openApiDocumentConfig, registerDocumentComponents } from './openapi-document.js';
import { problemResponse } from './problem-response.js';
import { apiKeyRoutes } from './routes/api-key-routes.js';
import { callbackRoutes } from './routes/callback-routes.js';
import { carrierActionRoutes } from './routes/carrier-action-routes.js';
import { carrierConnectionRoutes } from './routes/carrier-connection-routes.js';
import { carrierReadRoutes } from './routes/carrier-read-routes.js';
import { carrierRoutes } from './routes/carrier-routes.js';
import { connectionActionRoutes } from './routes/connection-action-routes.js';
import { consoleRoutes } from './routes/console-routes.js';
import { docsRoutes } from './routes/docs-routes.js';
import { driftRoutes } from './routes/drift-routes.js';
import { eventRoutes } from './routes/event-routes.js';
import { healthRoutes } from './routes/health-routes.js';
import { indexRoutes } from './routes/index-routes.js';
import { migrationRoutes } from './routes/migration-routes.js';
import { operationRoutes } from './routes/operation-routes.js';
import { routingRuleRoutes } from './routes/routing-rule-routes.js';
import { subscriptionRoutes } from './routes/subscription-routes.js';
import { tenantRoutes } from './routes/tenant-routes.js';
import { webhookRoutes } from './routes/webhook-routes.js';
import { tenantKeyCacheTtlMs, withTenantKeyCache } from './tenant-key-cache.js';
import { checkValidatedInput } from './validation-hook.js';

export { openApiDocumentConfig } from './openapi-document.js';

/** The largest request body read, unless the runtime says otherwise (BODY_LIMIT_BYTES). */
export const defaultBodyLimitBytes = 1024 * 1024;
/** Our request schemas nest a few levels; 32 leaves room for carrier options and callbacks. */
export const maxJsonDepth = 32;

/** Paths under /v1 that are not authenticated with a tenant API key. */
const tenantAuthExempt = [/^\/v1\/tenants(\/|$)/, /^\/v1\/callbacks\//];

/**
 * The gateway's HTTP API as a plain fetch handler: Web-standard only, so the same app runs on Node, workerd or any
 * other fetch-based runtime. Everything with I/O arrives through `dependencies`.
 */
export function createApp(given: AppDependencies): OpenAPIHono<AppEnvironment> {
  const dependencies: AppDependencies = {
    ...given,
    store: withTenantKeyCache(given.store, {
      ttlMs: tenantKeyCacheTtlMs,
      maxEntries: 10_000,
      now: () => given.clock.now().getTime(),
    }),
  };
  const authenticate = authenticateTenant(dependencies);
  const app = new OpenAPIHono<AppEnvironment>({
    defaultHook: (result) => checkValidatedInput(result),
  });

  app.use('*', requestId({ headerName: 'X-Request-Id' }));
  app.use('*', requestIdOnEveryResponse());
  app.use('*', accessLog(dependencies.logger));
  // Before authentication and before any callback signature check: nobody gets more read than this.
  app.use('*', limitBodySize(dependencies.bodyLimitBytes ?? defaultBodyLimitBytes));
  app.use('*', checkJsonBody(maxJsonDepth));
  // Before authentication: a browser's preflight carries no key.
  if (dependencies.corsOrigins?.length) app.use('*', corsForOrigins(dependencies.corsOrigins));
  app.use('/v1/*', async (context, next) => {
    const path = context.req.path;
    if (tenantAuthExempt.some((pattern) => pattern.test(path))) return next();
    return authenticate(context, next);
  });

  app.route('/', indexRoutes(dependencies));
  app.route('/', healthRoutes(dependencies));
  app.route('/', docsRoutes(dependencies));
  app.route('/', consoleRoutes());
  app.route('/', tenantRoutes(dependencies));
  app.route('/', apiKeyRoutes(dependencies));
  app.route('/', carrierConnectionRoutes(dependencies));
  app.route('/', subscriptionRoutes(dependencies));
  app.route('/', carrierReadRoutes(dependencies));
  app.route('/', carrierActionRoutes(dependencies));
  app.route('/', connectionActionRoutes(dependencies));
  app.route('/', operationRoutes(dependencies));
  app.route('/', carrierRoutes(dependencies));
  app.route('/', routingRuleRoutes(dependencies));
  app.route('/', migrationRoutes(dependencies));
  app.route('/', driftRoutes(dependencies));
  app.route('/', webhookRoutes(dependencies));
  app.route('/', eventRoutes(dependencies));
  app.route('/', callbackRoutes(dependencies));

  registerDocumentComponents(app);
  app.doc31('/openapi.json', openApiDocumentConfig(dependencies.version, dependencies.publicUrl));

  app.notFound((context) => {
    const path = new URL(context.req.url).pathname;
    return problemResponse(context, new NotFoundError('Route', `${context.req.method} ${path}`), dependencies.logger);
  });
  app.onError((error, context) => {
    if (GatewayError.isInstance(error)) return problemResponse(context, error, dependencies.logger);
    if (error instanceof HTTPException) {
      return problemResponse(context, gatewayErrorFromHttpException(error), dependencies.logger);
    }
    return problemResponse(context, error, dependencies.logger);
  });
  return app;
}
