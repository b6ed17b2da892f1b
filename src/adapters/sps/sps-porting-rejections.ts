import type { PortingRejectionReason } from '../../core/index.js';

/**
 * SPS's port-in refusal codes → the canonical reasons. Documented: the eligibility sample's reason code `8A`
 * ("NumberalreadyActive", sps.md §4.1). The rest are the simulator's codes (inferred: the port-in specific fields and
 * their errors are truncated in the docs), listed here so the real codes, once known, change one table.
 */
const reasons: Record<string, PortingRejectionReason> = {
  '8A': 'number_already_active',
  '8C': 'number_not_portable',
  'SPS-TXN-NUMBER-ACTIVE': 'number_already_active',
  'SPS-TXN-NOT-PORTABLE': 'number_not_portable',
  'SPS-TXN-DONOR-ACCOUNT': 'wrong_account_number',
  'SPS-TXN-DONOR-PIN': 'wrong_pin',
  'SPS-TXN-DONOR-NAME': 'name_mismatch',
  'SPS-409-PORT-PENDING': 'port_already_pending',
};

/** The canonical reason for an SPS code of a refused port-in; `other` for a code we cannot place. */
export function spsPortingRejectionReason(code: string | undefined): PortingRejectionReason {
  return (code !== undefined && reasons[code]) || 'other';
}
