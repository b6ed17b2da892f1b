import { and, lte, sql } from 'drizzle-orm';
import type { CallbackReplayRepository } from '../core/ports.js';
import type { StoreDatabase } from './database.js';
import { builtOnce } from './prepared.js';
import { callbackReplays } from './schema.js';

/** How many expired records one call clears on its way; enough to keep up with any callback rate. */
const expiredRowsPerCall = 100;

/** A bare placeholder (its value given as the driver takes it: text, an ISO timestamp). */
const bare = (name: string) => sql`${sql.placeholder(name)}`;

type ReplayValues = { connectionId: string; key: string; expiresAt: string; now: string };

/**
 * Every callback runs this: built once per process (builtOnce). Housekeeping on the way, bounded, in the same
 * statement (a data-modifying WITH runs to completion): the index on expires_at makes it cheap, and no separate
 * sweeper is needed. It leaves this key's own record alone: one statement may not both delete a row and take it
 * over below. Then one statement decides: insert, or take over a record that has expired; a live record wins and
 * nothing is returned. A concurrent insert of the same key waits on the row and then sees it live.
 */
const rememberKey = builtOnce<ReplayValues, Array<{ key: string }>>('callback_replay_remember', (db) => {
  const now = sql`${bare('now')}::timestamptz`;
  const purged = db.$with('purged_replays', { key: callbackReplays.replayKey }).as(
    db
      .delete(callbackReplays)
      .where(
        and(
          lte(callbackReplays.expiresAt, now),
          sql`(${callbackReplays.connectionId}, ${callbackReplays.replayKey}) in (
            select connection_id, replay_key from callback_replays
            where expires_at <= ${now}
              and not (connection_id = ${bare('connectionId')} and replay_key = ${bare('key')})
            limit ${expiredRowsPerCall}
            for update skip locked)`,
        ),
      )
      .returning({ key: callbackReplays.replayKey })
      .getSQL(),
  );
  return db
    .with(purged)
    .insert(callbackReplays)
    .values({ connectionId: bare('connectionId'), replayKey: bare('key'), expiresAt: bare('expiresAt') })
    .onConflictDoUpdate({
      target: [callbackReplays.connectionId, callbackReplays.replayKey],
      set: { expiresAt: bare('expiresAt') },
      setWhere: lte(callbackReplays.expiresAt, now),
    })
    .returning({ key: callbackReplays.replayKey });
});

export function createCallbackReplayRepository(db: StoreDatabase): CallbackReplayRepository {
  return {
    async rememberOnce({ connectionId, key, expiresAt, now }) {
      const remembered = await rememberKey(db, {
        connectionId,
        key,
        expiresAt: expiresAt.toISOString(),
        now: now.toISOString(),
      });
      return remembered.length > 0;
    },
  };
}
