import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/core/ports.js';
import { callbackReplays } from '../../src/store/schema.js';
import { createTestStore, type TestStore } from '../helpers/test-store.js';
import { baseTime, ids, minutesAfter } from './fixtures.js';

let testStore: TestStore;
let store: Store;
beforeAll(async () => {
  testStore = await createTestStore();
  store = testStore.store;
});
afterAll(() => testStore.cleanup());

const remember = (connectionId: string, key: string, expiresAt: Date, now: Date) =>
  store.callbackReplays.rememberOnce({ connectionId, key, expiresAt, now });

describe('callback replays', () => {
  it('remembers a key once until it expires, then takes the expired record over', async () => {
    const connection = ids.newId('cc');
    expect(await remember(connection, 'sig-a', minutesAfter(5), baseTime)).toBe(true);
    expect(await remember(connection, 'sig-a', minutesAfter(5), minutesAfter(1))).toBe(false);
    expect(await remember(connection, 'sig-a', minutesAfter(10), minutesAfter(4.99))).toBe(false);
    expect(await remember(connection, 'sig-a', minutesAfter(10), minutesAfter(5))).toBe(true);
    expect(await remember(connection, 'sig-a', minutesAfter(10), minutesAfter(6))).toBe(false);
  });

  it('keeps connections apart', async () => {
    const key = `sig-${ids.newCorrelationId()}`;
    expect(await remember(ids.newId('cc'), key, minutesAfter(5), baseTime)).toBe(true);
    expect(await remember(ids.newId('cc'), key, minutesAfter(5), baseTime)).toBe(true);
  });

  it('lets exactly one of many concurrent calls with one key win', async () => {
    const connection = ids.newId('cc');
    const outcomes = await Promise.all(
      Array.from({ length: 20 }, () => remember(connection, 'sig-race', minutesAfter(5), baseTime)),
    );
    expect(outcomes.filter(Boolean)).toHaveLength(1);
  });

  it('clears expired records on its way', async () => {
    const connection = ids.newId('cc');
    for (const key of ['old-1', 'old-2', 'old-3']) await remember(connection, key, minutesAfter(1), baseTime);
    await remember(connection, 'new', minutesAfter(100), minutesAfter(50));
    const rows = await testStore.db
      .select({ key: callbackReplays.replayKey })
      .from(callbackReplays)
      .where(eq(callbackReplays.connectionId, connection));
    expect(rows.map((row) => row.key)).toEqual(['new']);
  });
});
