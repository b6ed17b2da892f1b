import { z } from 'zod';
import { type CarrierActionsV1, NotFoundError, ValidationError } from '../../core/index.js';
import type { components } from './generated/stn-api.js';
import type { StnHttp } from './stn-client.js';
import { listResults } from './stn-list-results.js';
import { lineQuery, toPeriod, toSimCardView } from './stn-reads.js';

/**
 * sTN features the canonical API does not carry, as carrier actions (src/core/carrier-actions.ts). All are reads:
 * - `sim-credentials`: the line's PIN and PUK (stn.md §2.2 Subscription: `"pin": "0000", "puk": "#####204"`);
 * - `fixed-ip`: the address sTN assigned once `fixedIp` is on ("you will find the assigned IP address in the
 *   subscription information", NewSubscription);
 * - `cdr-months`: QueryCdrMonth, the months (per provider group) with CDRs;
 * - `sim-cards`: QuerySimcard with the filters beyond status (type, number, subscription, activation dates).
 * They answer secrets (PIN, PUK) to the caller who asked; nothing here is logged.
 */
type Subscription = components['schemas']['Subscription'];
type Simcard = components['schemas']['Simcard'];

const date = z.iso.date();
const simCardsInput = z.strictObject({
  simCardType: z.enum(['USIM', 'DUOSIM', 'DATAONLYSIM']).optional(),
  status: z.enum(['FREE', 'ACTIVATED', 'DISABLED', 'BUSY']).optional(),
  msisdn: z
    .string()
    .regex(/^\+316[0-9]{8}$/, 'must be a Dutch mobile number in E.164 (+316…)')
    .optional(),
  carrierSubscriptionId: z.string().min(1).max(64).optional(),
  activatedFrom: date.optional(),
  activatedTo: date.optional(),
  limit: z.number().int().min(1).max(200).default(50),
  skip: z.number().int().min(0).default(0),
});

export const stnCarrierActionSpecs = [
  { name: 'sim-credentials', summary: "The line's SIM PIN and PUK", effect: 'read', input: z.strictObject({}) },
  {
    name: 'fixed-ip',
    summary: 'The fixed IP address sTN assigned (service fixedIp)',
    effect: 'read',
    input: z.strictObject({}),
  },
  {
    name: 'cdr-months',
    summary: 'Months with CDRs, per provider group (QueryCdrMonth)',
    effect: 'read',
    input: z.strictObject({}),
  },
  {
    name: 'sim-cards',
    summary: 'SIM cards by type, status, number, subscription or activation date (QuerySimcard filters)',
    effect: 'read',
    input: simCardsInput,
  },
] as const satisfies CarrierActionsV1['specs'];

export function createStnCarrierActions(http: StnHttp): CarrierActionsV1 {
  async function subscriptionOf(line: Parameters<typeof lineQuery>[0]): Promise<Subscription> {
    const query = lineQuery(line);
    const envelope = await http.call({
      operation: 'QuerySubscription',
      write: false,
      send: (client) => client.GET('/api/QuerySubscription', { params: { query: { ...query, take: 1 } } }),
    });
    const [subscription] = listResults<Subscription>('QuerySubscription', envelope);
    if (!subscription) throw new NotFoundError('sTN subscription', Object.values(query).join(''));
    return subscription;
  }

  return {
    specs: stnCarrierActionSpecs,
    async read(name, line, input) {
      switch (name) {
        case 'sim-credentials': {
          const subscription = await subscriptionOf(line);
          return {
            iccid: subscription.simCardNumber ?? null,
            pin: subscription.pin ?? null,
            puk: subscription.puk ?? null,
          };
        }
        case 'fixed-ip': {
          const subscription = (await subscriptionOf(line)) as Subscription & { fixedIpAddress?: string };
          const services = (subscription.services ?? {}) as Record<string, unknown>;
          return { fixedIp: services.fixedIp === true, address: subscription.fixedIpAddress ?? null };
        }
        case 'cdr-months': {
          const envelope = await http.call({
            operation: 'QueryCdrMonth',
            write: false,
            send: (client) => client.GET('/api/QueryCdrMonth', { params: { query: { orderByDesc: 'yearMonth' } } }),
          });
          const months = listResults<{ yearMonth?: string; providerGroup?: string }>('QueryCdrMonth', envelope);
          return {
            months: months.map((month) => ({
              period: toPeriod(month.yearMonth),
              providerGroup: month.providerGroup ?? null,
            })),
          };
        }
        case 'sim-cards': {
          const filters = input as z.infer<typeof simCardsInput>;
          const query = {
            ...(filters.simCardType ? { simCardType: filters.simCardType } : {}),
            ...(filters.status ? { status: filters.status } : {}),
            ...(filters.msisdn ? { phoneNumber: `06-${filters.msisdn.slice(4)}` } : {}),
            ...(filters.carrierSubscriptionId ? { subscriptionId: filters.carrierSubscriptionId } : {}),
            ...(filters.activatedFrom ? { activatedDateFrom: filters.activatedFrom } : {}),
            ...(filters.activatedTo ? { activatedDateTo: filters.activatedTo } : {}),
            skip: filters.skip,
            take: filters.limit,
            orderBy: 'simCardNumber',
          };
          const envelope = await http.call({
            operation: 'QuerySimcard',
            write: false,
            send: (client) => client.GET('/api/QuerySimcard', { params: { query } }),
          });
          const sims = listResults<Simcard>('QuerySimcard', envelope);
          return { data: sims.map((sim) => ({ ...toSimCardView(sim), activatedAt: sim.activatedDate ?? null })) };
        }
      }
      throw new ValidationError(`${name} is not a carrier action of sTN.`, []);
    },
  };
}
