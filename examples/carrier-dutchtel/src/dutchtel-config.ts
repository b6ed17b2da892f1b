import { z } from 'zod';

/** A connection to DutchTel: where its API is, the partner's API token, and the secret its webhooks are signed with. */
export const dutchtelConnectionConfigSchema = z.strictObject({
  baseUrl: z.url(),
  apiToken: z.string().min(8),
  webhookSecret: z.string().min(16),
});
export type DutchTelConnectionConfig = z.infer<typeof dutchtelConnectionConfigSchema>;

export const dutchtelSecretFields = ['apiToken', 'webhookSecret'] as const;
