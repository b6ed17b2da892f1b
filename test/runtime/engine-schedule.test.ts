import { describe, expect, it } from 'vitest';
import { alarmTimeFor, nextCronAt } from '../../src/runtime/worker/engine-schedule.js';

const minute = 60_000;
const now = Date.UTC(2026, 3, 1, 12, 0, 10); // 10 s past a minute

describe('when the worker sets the engine alarm', () => {
  it('knows the next cron is at the next full minute', () => {
    expect(nextCronAt(now)).toBe(Date.UTC(2026, 3, 1, 12, 1, 0));
    expect(nextCronAt(Date.UTC(2026, 3, 1, 12, 1, 0))).toBe(Date.UTC(2026, 3, 1, 12, 2, 0));
  });

  it('sets an alarm for work due before the next cron', () => {
    expect(alarmTimeFor(new Date(now + 1000), now)).toBe(now + 1000);
    expect(alarmTimeFor(new Date(nextCronAt(now) - 1), now)).toBe(nextCronAt(now) - 1);
  });

  it('leaves work due at or after the next cron to the cron, and sets nothing when nothing is due', () => {
    expect(alarmTimeFor(new Date(nextCronAt(now)), now)).toBeNull();
    expect(alarmTimeFor(new Date(now + 5 * minute), now)).toBeNull();
    expect(alarmTimeFor(null, now)).toBeNull();
  });

  it('never sets an alarm in the past or right now, so overdue work cannot spin the object', () => {
    expect(alarmTimeFor(new Date(now - 10_000), now)).toBe(now + 250);
  });
});
