import { z } from '@hono/zod-openapi';
import type { ApiKeyRecord } from '../../core/index.js';

export const apiKeySchema = z
  .object({
    id: z.string(),
    prefix: z.string().describe('The first characters of the key, to tell keys apart'),
    label: z.string().nullable(),
    createdAt: z.string(),
    revokedAt: z.string().nullable(),
  })
  .openapi('ApiKey');

export const createdApiKeySchema = apiKeySchema
  .extend({ key: z.string().describe('The key itself. Shown once: store it now.') })
  .openapi('CreatedApiKey');

export function toApiKeyView(record: ApiKeyRecord): z.infer<typeof apiKeySchema> {
  return {
    id: record.id,
    prefix: record.keyPrefix,
    label: record.label,
    createdAt: record.createdAt.toISOString(),
    revokedAt: record.revokedAt?.toISOString() ?? null,
  };
}
