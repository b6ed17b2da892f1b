import type { PortingRejectionReason } from '../../core/index.js';

/**
 * sTN documents no port-in refusal codes or texts: a refused port-in is an INPORT activation in ERROR with a message
 * in `info`. These patterns are the messages of our simulator (inferred wording), so the real texts, once known,
 * change one table; anything else is `other`, with sTN's words kept as the failure message.
 */
const patterns: Array<[RegExp, PortingRejectionReason]> = [
  [/donorCustomerNumber|customer number/i, 'wrong_account_number'],
  [/already in use/i, 'number_already_active'],
  [/not portable/i, 'number_not_portable'],
];

export function stnPortingRejectionReason(message: string | undefined): PortingRejectionReason {
  if (!message) return 'other';
  return patterns.find(([pattern]) => pattern.test(message))?.[1] ?? 'other';
}
