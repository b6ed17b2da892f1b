import { type IdGenerator, issueApiKey, type Store, sha256Hex } from '../core/index.js';

export const sandboxTenantId = 'ten_sandbox';

/**
 * Sandbox mode: one tenant whose API key is SANDBOX_API_KEY, so a newcomer can call the API straight after
 * `npm start`. Idempotent: a restart finds the tenant and key already there.
 */
export async function ensureSandboxTenant(options: {
  store: Store;
  ids: IdGenerator;
  apiKey: string;
  now: Date;
}): Promise<void> {
  const { store } = options;
  await store.transaction(async (repositories) => {
    if (!(await repositories.tenants.get(sandboxTenantId))) {
      await repositories.tenants.create({ id: sandboxTenantId, name: 'Sandbox', createdAt: options.now });
    }
    const existing = await repositories.apiKeys.findActiveByHash(await sha256Hex(options.apiKey));
    if (existing && existing.tenantId !== sandboxTenantId) {
      throw new Error('SANDBOX_API_KEY is already the key of another tenant; choose another value.');
    }
    if (!existing) {
      const issued = await issueApiKey({
        tenantId: sandboxTenantId,
        label: 'sandbox (SANDBOX_API_KEY)',
        ids: options.ids,
        now: options.now,
        key: options.apiKey,
      });
      await repositories.apiKeys.create(issued.record);
    }
  });
}
