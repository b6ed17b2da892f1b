import { z } from 'zod';

/**
 * Why a port-in was refused, in words that mean the same at every carrier. The carrier's own code stays beside it
 * (`problem.carrier.code`), so nothing is lost in the mapping; `other` says the adapter could not place it.
 */
export const portingRejectionReasons = [
  'wrong_account_number',
  'wrong_pin',
  'name_mismatch',
  'number_not_portable',
  'number_already_active',
  'port_already_pending',
  'other',
] as const;
export const portingRejectionReasonSchema = z.enum(portingRejectionReasons);
export type PortingRejectionReason = z.infer<typeof portingRejectionReasonSchema>;
