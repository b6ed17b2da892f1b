import { afterAll, describe, expect, it } from 'vitest';
import type { LedgerEntry } from '../../src/adapters/simulator-kit/ledger.js';
import { sandboxTenantId } from '../../src/runtime/sandbox-tenant.js';
import { adminKey, type Harness } from '../helpers/gateway-harness.js';
import { createTwoAccounts, finished, type Json, line, settleWith, startWithAccounts } from './migration-fixture.js';

/**
 * A bulk move under a pacing limit. 20 lines by default (a few seconds); MIGRATION_DRILL_LINES=200 runs the full
 * drill of issue 13 (about a minute: 5 requests per second per connection is the point).
 */
const lines = Number(process.env.MIGRATION_DRILL_LINES ?? 20);
const perSecond = 5;

let harness: Harness | undefined;
afterAll(async () => {
  await harness?.close();
});

/** The most requests that arrived in any one-second window (half-open), from the ledger's timestamps. */
function busiestSecond(entries: readonly LedgerEntry[]): number {
  const times = entries.map((entry) => Date.parse(entry.at)).sort((left, right) => left - right);
  let most = 0;
  let start = 0;
  for (let end = 0; end < times.length; end++) {
    while ((times[end] as number) - (times[start] as number) >= 1000) start++;
    most = Math.max(most, end - start + 1);
  }
  return most;
}

/** A simulator's requests counted by `METHOD path`, most frequent first. */
function requestCounts(entries: readonly LedgerEntry[]): Record<string, number> {
  const counts = new Map<string, number>();
  for (const entry of entries)
    counts.set(`${entry.method} ${entry.path}`, (counts.get(`${entry.method} ${entry.path}`) ?? 0) + 1);
  return Object.fromEntries([...counts].sort(([, left], [, right]) => right - left));
}

describe('bulk migration with per-connection pacing', () => {
  it(
    `moves ${lines} lines at ${perSecond} requests per second per connection, never faster`,
    async () => {
      const accounts = createTwoAccounts(lines + 5);
      harness = await startWithAccounts(accounts);
      const h = harness;
      const ids: string[] = [];
      for (const iccid of accounts.a.listFreeSims().slice(0, lines)) {
        const created = await h.json<Json>('POST', '/v1/subscriptions', {
          body: { carrier: 'stn-a', sim: { type: 'physical', iccid } },
        });
        expect(created.status).toBe(202);
        ids.push(created.body.subscriptionId as string);
      }
      await settleWith(
        h,
        accounts,
        async () => {
          const page = await h.json<{ data: Json[] }>('GET', '/v1/subscriptions?status=active&limit=200');
          return page.body.data.filter((entry) => ids.includes(entry.id as string)).length === lines;
        },
        { timeoutMs: 120_000 },
      );
      for (const name of ['stn-a', 'stn-b']) {
        const put = await h.json('PUT', `/v1/tenants/${sandboxTenantId}/carrier-connections/${name}`, {
          key: adminKey,
          body: {
            carrier: 'stn',
            config: { baseUrl: `http://${name}.test`, apiKey: `${name}-key` },
            pacing: { requestsPerSecond: perSecond, maxConcurrent: 2 },
          },
        });
        expect(put.status).toBe(200);
      }
      accounts.a.ledger.clear();
      accounts.b.ledger.clear();
      const sims = accounts.b.listFreeSims();
      const body = {
        targetConnection: 'stn-b',
        portIn: { donorAccountNumber: '1234567' },
        lines: ids.map((subscriptionId, index) => ({ subscriptionId, sim: { type: 'physical', iccid: sims[index] } })),
      };

      const dryRun = await h.json<Json>('POST', '/v1/migrations?dryRun=true', { body });
      expect(dryRun.status, JSON.stringify(dryRun.body).slice(0, 500)).toBe(200);
      expect(dryRun.body).toMatchObject({ object: 'bulk_migration_plan', allowed: true });
      expect(dryRun.body.lines as Json[]).toHaveLength(lines);
      expect(accounts.a.ledger.count() + accounts.b.ledger.count()).toBe(0);

      const startedAt = Date.now();
      const started = await h.json<Json>('POST', '/v1/migrations', { body });
      expect(started.status, JSON.stringify(started.body).slice(0, 500)).toBe(202);
      expect(started.body).toMatchObject({ kind: 'migrate_bulk', progress: { step: 0, of: lines } });
      const parentId = started.body.id as string;
      await settleWith(h, accounts, () => finished(h, parentId), { timeoutMs: 10 * 60_000 });
      const seconds = (Date.now() - startedAt) / 1000;

      const parent = (await h.json<Json>('GET', `/v1/operations/${parentId}`)).body;
      expect(parent).toMatchObject({ status: 'succeeded', progress: { step: lines, of: lines } });
      const children = await h.json<{ data: Json[] }>('GET', `/v1/operations?parentOperationId=${parentId}&limit=200`);
      expect(children.body.data.filter((child) => child.kind === 'migrate')).toHaveLength(Math.min(lines, 200));
      for (const id of ids.slice(0, 10))
        expect(await line(h, id)).toMatchObject({ status: 'active', carrier: 'stn-b' });

      const aEntries = accounts.a.ledger.all();
      const bEntries = accounts.b.ledger.all();
      expect(accounts.b.ledger.count('POST', '/api/InPortSubscription')).toBe(lines);
      expect(accounts.a.ledger.count('POST', '/api/TerminateSubscription')).toBe(lines);
      expect(busiestSecond(aEntries)).toBeLessThanOrEqual(perSecond);
      expect(busiestSecond(bEntries)).toBeLessThanOrEqual(perSecond);
      // The closing note of issue 13 quotes these: the duration, and each simulator's requests by endpoint.
      console.info(
        `bulk migration: ${lines} lines in ${seconds.toFixed(1)} s; stn-a ${aEntries.length} requests (busiest second ${busiestSecond(aEntries)}), stn-b ${bEntries.length} requests (busiest second ${busiestSecond(bEntries)})`,
      );
      for (const [name, entries] of [
        ['stn-a', aEntries],
        ['stn-b', bEntries],
      ] as const) {
        console.info(`  ${name}: ${JSON.stringify(requestCounts(entries))}`);
      }
    },
    15 * 60_000,
  );
});
