import { afterEach, describe, expect, it } from 'vitest';
import type { Harness } from '../helpers/gateway-harness.js';
import {
  activeLineAtA,
  createTwoAccounts,
  eventTypes,
  finished,
  type Json,
  line,
  operation,
  settleWith,
  startWithAccounts,
  writes,
} from './migration-fixture.js';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

/** The gateway's clock, moved on by the test: a deadline passes without anyone waiting for it. */
function heldClock() {
  let offsetMs = 0;
  return {
    now: () => new Date(Date.now() + offsetMs),
    advance(milliseconds: number) {
      offsetMs += milliseconds;
    },
  };
}

async function steps(harness: Harness, parentId: string): Promise<Json[]> {
  const page = await harness.json<{ data: Json[] }>('GET', `/v1/operations?parentOperationId=${parentId}`);
  return page.body.data.reverse();
}

describe('a migration whose target never completes the port-in', () => {
  it('cancels the port-in at the target once the deadline passed; the line is exactly as before', async () => {
    const accounts = createTwoAccounts();
    const clock = heldClock();
    harness = await startWithAccounts(accounts, { clock });
    const h = harness;
    const before = await activeLineAtA(h, accounts);
    const refused = await h.json<Json>('POST', `/v1/subscriptions/${before.id}/migrate`, {
      body: { targetConnection: 'stn-b', sim: { type: 'physical', iccid: 'x' }, deadlineSeconds: 5 },
    });
    expect(refused.status).toBe(400);
    expect((refused.body.errors as Json[]).map((error) => error.pointer)).toContain('/deadlineSeconds');

    // A port date a year ahead: the target accepts the port-in (BUSY) and holds it, far past the deadline.
    const portAt = new Date(Date.now() + 365 * 86_400_000).toISOString();
    const started = await h.json<Json>('POST', `/v1/subscriptions/${before.id}/migrate`, {
      body: {
        targetConnection: 'stn-b',
        sim: { type: 'physical', iccid: accounts.b.listFreeSims()[0] },
        portIn: { donorAccountNumber: '1234567', portAt },
        deadlineSeconds: 600,
      },
    });
    expect(started.status, JSON.stringify(started.body)).toBe(202);
    const parentId = started.body.id as string;
    await settleWith(h, accounts, async () => (await steps(h, parentId))[0]?.carrierStatus === 'BUSY');
    // Before the deadline the migration waits, however often the target is asked.
    await settleWith(h, accounts, async () => ((await operation(h, parentId)).progress as Json).step === 2);
    expect(writes(accounts.b)).toEqual(['/api/InPortSubscription']);
    expect(await operation(h, parentId)).toMatchObject({ status: 'submitted' });

    clock.advance(601_000);
    await settleWith(h, accounts, async () => {
      const all = await steps(h, parentId);
      return (await finished(h, parentId)) && all.every((step) => step.status !== 'submitted');
    });
    const parent = await operation(h, parentId);
    expect(parent.status).toBe('failed');
    expect((parent.error as Json).detail).toContain('deadline');
    expect((parent.warnings as string[]).join(' ')).toContain('being cancelled');
    const [portIn, cancel] = await steps(h, parentId);
    expect(portIn).toMatchObject({ kind: 'port_in', status: 'cancelled' });
    expect(cancel).toMatchObject({ kind: 'cancel_port_in', status: 'succeeded', targetOperationId: portIn?.id });
    expect(writes(accounts.b)).toEqual(['/api/InPortSubscription', '/api/CancelInPortSubscription']);
    expect(writes(accounts.a)).toEqual([]);

    const after = await line(h, before.id as string);
    const { version: _v1, updatedAt: _u1, ...was } = before;
    const { version: _v2, updatedAt: _u2, ...is } = after;
    expect(is).toEqual(was);

    const events = await h.json<{ data: Array<{ type: string; operationId: string; data: Json }> }>(
      'GET',
      `/v1/events?subscriptionId=${before.id}&limit=500`,
    );
    const compensated = events.body.data.find((event) => event.type === 'subscription.migration_compensated');
    expect(compensated?.data.reason).toBe('deadline_passed');
    const story = (await eventTypes(h, before.id as string)).filter(([, id]) => id === parentId || id === cancel?.id);
    expect(story.slice(-5)).toEqual([
      ['operation.progressed', parentId],
      ['operation.created', cancel?.id],
      ['operation.succeeded', cancel?.id],
      ['subscription.migration_compensated', parentId],
      ['operation.failed', parentId],
    ]);
  });
});
