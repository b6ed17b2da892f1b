import { describe, expect, it } from 'vitest';
import { NotFoundError } from '../../../src/core/index.js';
import { activeLine, createHarness } from './stn-test-harness.js';

describe('sTN adapter: reads', () => {
  it('reads a subscription by sTN id or by number, in canonical form', async () => {
    const harness = createHarness();
    const line = activeLine(harness);
    const byId = await harness.adapter.getSubscription?.({
      carrierSubscriptionId: line.carrierSubscriptionId,
      msisdn: null,
      iccid: null,
    });
    expect(byId).toMatchObject({
      carrierSubscriptionId: line.carrierSubscriptionId,
      msisdn: line.msisdn,
      status: 'active',
      carrierStatus: 'ACTIVE',
      plan: 'SP16001',
      esim: false,
      services: { voicemail: false, dataRoamingSpendLimitEur: 50, dataUsageAlertMb: null },
    });
    const byNumber = await harness.adapter.getSubscription?.({
      carrierSubscriptionId: null,
      msisdn: line.msisdn,
      iccid: null,
    });
    expect(byNumber?.carrierSubscriptionId).toBe(line.carrierSubscriptionId);
    await expect(
      harness.adapter.getSubscription?.({ carrierSubscriptionId: 'AAAAAAAAAAAAAAAAA', msisdn: null, iccid: null }),
    ).rejects.toBeInstanceOf(NotFoundError);
  });

  it('pages through SIM cards by status without relying on total', async () => {
    const harness = createHarness({ seed: { physicalSims: 5 } });
    const first = await harness.adapter.listSimCards?.({ status: 'available', limit: 3 });
    expect(first?.items).toHaveLength(3);
    expect(first?.items.every((sim) => sim.status === 'available' && sim.msisdn === null)).toBe(true);
    const second = await harness.adapter.listSimCards?.({
      status: 'available',
      limit: 3,
      cursor: first?.nextCursor as string,
    });
    expect(second?.items).toHaveLength(2);
    expect(second?.nextCursor).toBeUndefined();
    const all = [...(first?.items ?? []), ...(second?.items ?? [])].map((sim) => sim.iccid);
    expect(all.sort()).toEqual([...harness.simulator.listFreeSims()].sort());
  });

  it('reads usage and CDRs of a month, converting units', async () => {
    const harness = createHarness();
    const line = { carrierSubscriptionId: activeLine(harness).carrierSubscriptionId, msisdn: null, iccid: null };
    const usage = await harness.adapter.getUsage?.(line, { period: '2025-01' });
    expect(usage?.map((record) => [record.period, record.type, record.unit])).toEqual([
      ['2025-01', 'data', 'MB'],
      ['2025-01', 'voice', 'seconds'],
      ['2025-01', 'sms', 'messages'],
    ]);
    const cdrs = await harness.adapter.listCdrs?.(line, { period: '2025-01', limit: 10 });
    expect(new Set(cdrs?.items.map((cdr) => cdr.type))).toEqual(new Set(['voice', 'sms', 'data']));
    const data = cdrs?.items.find((cdr) => cdr.type === 'data');
    expect(data?.quantity).toBeCloseTo((data?.raw.volume as number) / 1024, 2);
    const query = harness.simulator.ledger.find('GET', '/api/QueryCdr')[0]?.query;
    expect(query).toMatchObject({ yearMonth: '2025_01', subscriptionId: line.carrierSubscriptionId });
  });

  it('lists invoices newest first', async () => {
    const harness = createHarness();
    const invoices = await harness.adapter.listInvoices?.({ limit: 10 });
    expect(invoices?.items.map((invoice) => invoice.period)).toEqual(['2025-01', '2024-12']);
  });
});
