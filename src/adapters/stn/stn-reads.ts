import {
  type CarrierSubscriptionView,
  type CdrView,
  type InvoiceView,
  type LineReference,
  NotFoundError,
  type Page,
  type SimCardView,
  type SubscriptionStatus,
  type UsageRecordView,
} from '../../core/index.js';
import type { components } from './generated/stn-api.js';
import { stnNumberToE164 } from './stn-number-format.js';
import { e164ToStnPhoneNumber } from './stn-phone-number.js';
import { fromStnServices } from './stn-services-mapping.js';

/** sTN's read models → the canonical views of adapter spec v1. */
type Schemas = components['schemas'];

const subscriptionStates: Record<string, SubscriptionStatus> = {
  ACTIVE: 'active',
  SUSPENDED: 'suspended',
  PENDING: 'pending',
  TERMINATED: 'ceased',
  PORTEDOUT: 'ported_out',
  CANCELLED: 'cancelled',
  ERROR: 'failed',
};

/** Warnings, as an optional field: present only when there is something to say. */
function warningsOf(...numbers: Array<{ warning?: string }>): { warnings?: string[] } {
  const warnings = numbers.flatMap((number) => (number.warning ? [number.warning] : []));
  return warnings.length > 0 ? { warnings } : {};
}

export function toSubscriptionView(subscription: Schemas['Subscription']): CarrierSubscriptionView {
  const state = subscription.state ?? '';
  const msisdn = stnNumberToE164(subscription.phoneNumber, 'phoneNumber');
  return {
    ...warningsOf(msisdn),
    carrierSubscriptionId: subscription.id,
    msisdn: msisdn.value,
    iccid: subscription.simCardNumber ?? null,
    status: subscriptionStates[state.toUpperCase()] ?? 'unknown',
    carrierStatus: state,
    esim: subscription.isEsim === true,
    plan: subscription.providerEnvironment ?? null,
    services: fromStnServices(subscription.services as Record<string, unknown> | undefined),
    raw: subscription as Record<string, unknown>,
  };
}

const simStatuses: Record<string, SimCardView['status']> = {
  FREE: 'available',
  ACTIVATED: 'in_use',
  DISABLED: 'disabled',
  BUSY: 'reserved',
};

export const stnSimStatusFor: Record<Exclude<SimCardView['status'], 'unknown'>, string> = {
  available: 'FREE',
  in_use: 'ACTIVATED',
  disabled: 'DISABLED',
  reserved: 'BUSY',
};

export function toSimCardView(sim: Schemas['Simcard']): SimCardView {
  const msisdn = stnNumberToE164(sim.phoneNumber, 'phoneNumber');
  return {
    ...warningsOf(msisdn),
    iccid: sim.simCardNumber,
    status: simStatuses[sim.status.toUpperCase()] ?? 'unknown',
    carrierStatus: sim.status,
    type: sim.simCardType ?? null,
    msisdn: msisdn.value,
    carrierSubscriptionId: sim.subscriptionId ?? null,
  };
}

/** Summary voice is in minutes and data in MB (our reading of the docs' example); we report seconds and MB. */
export function toUsageViews(usage: Schemas['UsageSubscription']): UsageRecordView[] {
  const period = toPeriod(usage.yearMonth);
  const raw = usage as Record<string, unknown>;
  return [
    { period, type: 'data', quantity: usage.usageHomeData ?? 0, unit: 'MB', raw },
    { period, type: 'voice', quantity: Math.round((usage.usageHomeVoice ?? 0) * 60), unit: 'seconds', raw },
    { period, type: 'sms', quantity: usage.usageHomeSms ?? 0, unit: 'messages', raw },
  ];
}

function cdrType(cdr: Schemas['Cdr']): CdrView['type'] {
  const rateClass = (cdr.rateClass ?? '').toUpperCase();
  const description = (cdr.description ?? '').toLowerCase();
  if (cdr.destination === '000INTERNET' || rateClass.startsWith('INT_') || description.startsWith('internet')) {
    return 'data';
  }
  if (rateClass.includes('SMS') || description.includes('sms')) return 'sms';
  if (description.startsWith('bellen') || rateClass.startsWith('N_MOB')) return 'voice';
  return 'other';
}

/** CDR volume: KB for data (reported in MB), seconds for calls (our reading of the docs' example). */
export function toCdrView(cdr: Schemas['Cdr']): CdrView {
  const type = cdrType(cdr);
  const volume = cdr.volume ?? 0;
  const quantity = type === 'data' ? Math.round((volume / 1024) * 1000) / 1000 : volume;
  const unit: CdrView['unit'] =
    type === 'data' ? 'MB' : type === 'voice' ? 'seconds' : type === 'sms' ? 'messages' : 'units';
  const destination = stnNumberToE164(cdr.destination, 'CDR destination');
  return {
    ...warningsOf(destination),
    id: cdr.id,
    at: cdr.usageDate ?? '',
    type,
    destination: destination.value,
    quantity,
    unit,
    raw: cdr as Record<string, unknown>,
  };
}

export function toInvoiceView(invoice: Schemas['Invoice']): InvoiceView {
  return {
    id: invoice.id,
    period: typeof invoice.yearMonth === 'string' ? toPeriod(invoice.yearMonth) : null,
    raw: invoice as Record<string, unknown>,
  };
}

/** Our periods are `YYYY-MM`; sTN's yearMonth is `YYYY_MM`. */
export function toYearMonth(period: string): string {
  return period.replace('-', '_');
}

export function toPeriod(yearMonth: string | undefined): string {
  return (yearMonth ?? '').replace('_', '-');
}

/** Query parameters that find one line: sTN's id when we have it, else the number, else the ICCID. */
export function lineQuery(line: LineReference): { id?: string; phoneNumber?: string; simCardNumber?: string } {
  if (line.carrierSubscriptionId) return { id: line.carrierSubscriptionId };
  if (line.msisdn) return { phoneNumber: e164ToStnPhoneNumber(line.msisdn) };
  if (line.iccid) return { simCardNumber: line.iccid };
  throw new NotFoundError('sTN subscription', '(no id, number or ICCID given)');
}

/** Offset cursors: sTN pages with skip/take and its `total` is unreliable, so we ask for one record more. */
export function pageOf<T, V>(results: readonly T[], skip: number, limit: number, map: (item: T) => V): Page<V> {
  const items = results.slice(0, limit).map(map);
  return results.length > limit ? { items, nextCursor: String(skip + limit) } : { items };
}

export function skipOf(cursor: string | undefined): number {
  const skip = cursor === undefined ? 0 : Number(cursor);
  return Number.isInteger(skip) && skip >= 0 ? skip : 0;
}
