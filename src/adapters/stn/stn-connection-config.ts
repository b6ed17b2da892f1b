import { z } from 'zod';
import { stnProviderEnvironments } from './stn-capabilities.js';

/**
 * One connection to sTN: where the Partner API is (sTN hands out the base URL with the key; the Base URLs page
 * was not available) and the partnership's API key. `stnCustomerId` is needed only by organisations with
 * several sTN customer numbers; a request's `carrierOptions.stn.stnCustomerId` overrides it.
 */
export const stnConnectionConfigSchema = z.strictObject({
  baseUrl: z.url(),
  apiKey: z.string().min(1),
  stnCustomerId: z.string().min(1).optional(),
  /**
   * The provider environment this connection stands for (new lines go there unless a request names a plan). Two
   * connections with the same base URL, API key and customer number and different environments are one account's
   * two environments: a migration between them is one MoveEnvironmentSubscription.
   */
  providerEnvironment: z.enum(stnProviderEnvironments).optional(),
});

export type StnConnectionConfig = z.infer<typeof stnConnectionConfigSchema>;

/** Config fields that are secrets: never logged or returned. */
export const stnSecretConfigFields = ['apiKey'] as const;
