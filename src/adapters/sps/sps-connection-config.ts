import { z } from 'zod';

/**
 * How one carrier connection reaches SPS. Base URL, token path and every API prefix are configuration because the
 * real contract is not public (docs/decisions/sps-inferences.md): when DISH's real paths are known they are
 * dropped in here, without a code change.
 */
const prefixSchema = (fallback: string) =>
  z
    .string()
    .regex(/^(\/[A-Za-z0-9._~%!$&'()*+,;=:@-]+)*$/, 'must be empty or a path such as /sps/v5/subscription')
    .default(fallback);

export const spsApiPrefixesSchema = z.strictObject({
  subscription: prefixSchema('/subscription'),
  portin: prefixSchema('/portin'),
  device: prefixSchema('/device'),
  number: prefixSchema('/number'),
  sim: prefixSchema('/sim'),
  profile: prefixSchema('/profile'),
  admin: prefixSchema('/admin'),
});
export type SpsApiPrefixes = z.infer<typeof spsApiPrefixesSchema>;
export type SpsApiName = keyof SpsApiPrefixes;

export const spsConnectionConfigSchema = z.strictObject({
  baseUrl: z.url({ protocol: /^https?$/ }),
  clientId: z.string().min(1),
  clientSecret: z.string().min(1),
  /** The secret SPS signs callbacks with (registered in the developer hub). */
  callbackSecret: z.string().min(16, 'must be at least 16 characters'),
  /** Acts on a sub-node of our customer hierarchy (a brand); sent as the `wholesaleCustomerId` header. */
  wholesaleCustomerId: z.string().min(1).max(12).optional(),
  tokenPath: z.string().startsWith('/').default('/oauth2/token'),
  prefixes: spsApiPrefixesSchema.default(spsApiPrefixesSchema.parse({})),
  /** How old (or how far in the future) a callback's X-Sps-Timestamp may be. */
  callbackToleranceSeconds: z.number().int().min(1).max(3600).default(300),
});
export type SpsConnectionConfig = z.infer<typeof spsConnectionConfigSchema>;
/** What a caller may write: everything with a default may be left out. */
export type SpsConnectionConfigInput = z.input<typeof spsConnectionConfigSchema>;
