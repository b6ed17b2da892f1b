import { randomSecret, sha256Hex } from './hashing.js';
import type { IdGenerator } from './ids.js';
import type { ApiKeyRecord } from './ports.js';

/**
 * API keys: `sk_` plus 32 random base64url characters. Only the SHA-256 of a key is stored; the key itself is shown
 * once, when it is made. The first 10 characters are kept so a person can tell keys apart.
 */
export interface IssuedApiKey {
  record: ApiKeyRecord;
  /** The key itself: return it to the caller once, never store or log it. */
  key: string;
}

export async function issueApiKey(options: {
  tenantId: string;
  label: string | null;
  ids: IdGenerator;
  now: Date;
  /** A fixed key (the sandbox key from SANDBOX_API_KEY); otherwise a random one. */
  key?: string;
}): Promise<IssuedApiKey> {
  const key = options.key ?? `sk_${randomSecret(24)}`;
  return {
    key,
    record: {
      id: options.ids.newId('key'),
      tenantId: options.tenantId,
      keyHash: await sha256Hex(key),
      keyPrefix: key.slice(0, 10),
      label: options.label,
      createdAt: options.now,
      revokedAt: null,
    },
  };
}
