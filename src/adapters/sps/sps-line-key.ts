import type { SubmitRequest } from '../../core/adapter.js';
import { ValidationError } from '../../core/errors.js';
import { msisdnToGpsi } from './sps-gpsi.js';

/**
 * SPS names an existing subscription by GPSI or by ICCID ("one of"). We prefer the GPSI, which survives a SIM swap;
 * the ICCID serves lines whose number we do not know yet.
 */
export type SpsLineKey = { gpsi: string } | { iccid: string };

export function spsLineKey(subscription: Pick<SubmitRequest['subscription'], 'msisdn' | 'iccid' | 'id'>): SpsLineKey {
  const gpsi = subscription.msisdn ? msisdnToGpsi(subscription.msisdn) : null;
  if (gpsi) return { gpsi };
  if (subscription.iccid) return { iccid: subscription.iccid };
  throw new ValidationError(
    `SPS names a line by its number or ICCID, and subscription ${subscription.id} has neither.`,
    [{ pointer: '/subscription', detail: 'has no MSISDN or ICCID' }],
  );
}
