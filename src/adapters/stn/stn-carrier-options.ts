import { z } from 'zod';

/**
 * `carrierOptions.stn`: the sTN request fields our canonical model does not have. Strict, so a typo is an error
 * before anything is stored rather than a field sTN silently never receives.
 */
export const stnCarrierOptionsSchema = z.strictObject({
  /** VOICEDATA (default) or DATAONLY. */
  subscriptionType: z.enum(['VOICEDATA', 'DATAONLY']).optional(),
  /** INTERNETACCESS (default) or MOBILEPAY. */
  accessType: z.enum(['INTERNETACCESS', 'MOBILEPAY']).optional(),
  /** Needed only when the organisation has several sTN customer numbers; overrides the connection's. */
  stnCustomerId: z.string().min(1).max(64).optional(),
  /** The customer's name at the donor operator (port-in); same as canonical `portIn.donorAccountName`. */
  donorCustomerName: z.string().min(1).max(128).optional(),
});

export type StnCarrierOptions = z.infer<typeof stnCarrierOptionsSchema>;

/** The options for sTN from a canonical request, validated; `{}` when none were given. */
export function stnOptionsOf(request: Record<string, unknown>): StnCarrierOptions {
  const carrierOptions = request.carrierOptions as Record<string, unknown> | undefined;
  return stnCarrierOptionsSchema.parse(carrierOptions?.stn ?? {});
}
