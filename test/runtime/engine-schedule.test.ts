import { describe, expect, it } from 'vitest';
import { alarmTimeFor } from '../../src/runtime/worker/engine-schedule.js';

const minute = 60_000;
const now = Date.UTC(2026, 3, 1, 12, 0, 59, 500); // half a second before a cron minute

describe('when the worker sets the engine alarm', () => {
  it('sets an alarm for work due soon', () => {
    expect(alarmTimeFor(new Date(now + 1000), now)).toBe(now + 1000);
  });

  it('sets it for work due just after the next cron minute too (a cron at :00 finds it not yet due)', () => {
    // The CI run of stop 16 lost an sTN poll due 0.8 s after a minute boundary: no alarm, and no cron came.
    const dueAfterTheMinute = Date.UTC(2026, 3, 1, 12, 1, 0, 820);
    expect(alarmTimeFor(new Date(dueAfterTheMinute), now)).toBe(dueAfterTheMinute);
    expect(alarmTimeFor(new Date(now + 5 * minute), now)).toBe(now + 5 * minute);
  });

  it('sets nothing when nothing is due', () => {
    expect(alarmTimeFor(null, now)).toBeNull();
  });

  it('never sets an alarm in the past or right now, so overdue work cannot spin the object', () => {
    expect(alarmTimeFor(new Date(now - 10_000), now)).toBe(now + 250);
  });
});
