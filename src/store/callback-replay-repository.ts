import { and, lte, sql } from 'drizzle-orm';
import type { CallbackReplayRepository } from '../core/ports.js';
import type { StoreDatabase } from './database.js';
import { callbackReplays } from './schema.js';

/** How many expired records one call clears on its way; enough to keep up with any callback rate. */
const expiredRowsPerCall = 100;

export function createCallbackReplayRepository(db: StoreDatabase): CallbackReplayRepository {
  return {
    async rememberOnce({ connectionId, key, expiresAt, now }) {
      // Housekeeping on the way, bounded, in the same statement (a data-modifying WITH runs to completion): the index
      // on expires_at makes it cheap, and no separate sweeper is needed. It leaves this key's own record alone: one
      // statement may not both delete a row and take it over below.
      const purged = db.$with('purged_replays', { key: callbackReplays.replayKey }).as(
        db
          .delete(callbackReplays)
          .where(
            and(
              lte(callbackReplays.expiresAt, now),
              sql`(${callbackReplays.connectionId}, ${callbackReplays.replayKey}) in (
            select connection_id, replay_key from callback_replays
            where expires_at <= ${now.toISOString()}::timestamptz
              and not (connection_id = ${connectionId} and replay_key = ${key})
            limit ${expiredRowsPerCall}
            for update skip locked)`,
            ),
          )
          .returning({ key: callbackReplays.replayKey })
          .getSQL(),
      );
      // One statement decides: insert, or take over a record that has expired; a live record wins and nothing is
      // returned. A concurrent insert of the same key waits on the row and then sees it live.
      const remembered = await db
        .with(purged)
        .insert(callbackReplays)
        .values({ connectionId, replayKey: key, expiresAt })
        .onConflictDoUpdate({
          target: [callbackReplays.connectionId, callbackReplays.replayKey],
          set: { expiresAt },
          setWhere: lte(callbackReplays.expiresAt, now),
        })
        .returning({ key: callbackReplays.replayKey });
      return remembered.length > 0;
    },
  };
}
