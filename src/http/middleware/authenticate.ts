import type { MiddlewareHandler } from 'hono';
import { constantTimeEqual, sha256Hex, UnauthorisedError } from '../../core/index.js';
import type { AppDependencies, AppEnvironment } from '../app-environment.js';

function bearerToken(header: string | undefined): string | null {
  const match = header?.match(/^Bearer\s+(\S+)\s*$/i);
  return match?.[1] ?? null;
}

/** Resolves `Authorization: Bearer <api key>` to the tenant it belongs to; anything else is a 401. */
export function authenticateTenant(dependencies: AppDependencies): MiddlewareHandler<AppEnvironment> {
  return async (context, next) => {
    const key = bearerToken(context.req.header('authorization'));
    if (!key) throw new UnauthorisedError();
    const keyHash = dependencies.sha256Hex ? dependencies.sha256Hex(key) : await sha256Hex(key);
    const tenant = await dependencies.store.apiKeys.findTenantByActiveKeyHash(keyHash);
    if (!tenant) throw new UnauthorisedError('The API key is not valid or has been revoked.');
    context.set('tenant', tenant);
    await next();
  };
}

/** Admin calls (creating tenants) take ADMIN_API_KEY; without it configured they are refused. */
export function authenticateAdmin(dependencies: AppDependencies): MiddlewareHandler<AppEnvironment> {
  return async (context, next) => {
    const key = bearerToken(context.req.header('authorization'));
    const adminKey = dependencies.adminApiKey;
    if (!adminKey) throw new UnauthorisedError('Tenant administration is off: ADMIN_API_KEY is not configured.');
    if (!key || !constantTimeEqual(key, adminKey))
      throw new UnauthorisedError('Send the admin API key as a bearer token.');
    await next();
  };
}
