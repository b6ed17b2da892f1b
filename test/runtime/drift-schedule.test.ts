import { describe, expect, it } from 'vitest';
import { driftSweepDue } from '../../src/runtime/worker/drift-schedule.js';

const minute = 60_000;
const hour = 60 * minute;
const at = (h: number, m: number) => Date.UTC(2026, 11, 1, h, m, 0, 0);

describe('when a worker cron also sweeps for drift', () => {
  it('never sweeps when the sweep is off', () => {
    expect(driftSweepDue(at(12, 0), 0)).toBe(false);
  });

  it('sweeps on every cron when the interval is a minute or shorter', () => {
    expect(driftSweepDue(at(12, 7), minute)).toBe(true);
    expect(driftSweepDue(at(12, 7), 10_000)).toBe(true);
  });

  it('sweeps on the first cron of each longer interval only', () => {
    const crons = Array.from({ length: 3 * 60 }, (_, i) => at(12, 0) + i * minute);
    const sweeps = crons.filter((time) => driftSweepDue(time, hour));
    expect(sweeps).toEqual([at(12, 0), at(13, 0), at(14, 0)]);
  });

  it('still sweeps once in an interval when the cron fires late (scheduled time a few seconds past the minute)', () => {
    const late = (time: number) => time + 3_000;
    const crons = Array.from({ length: 60 }, (_, i) => late(at(12, 0) + i * minute));
    expect(crons.filter((time) => driftSweepDue(time, 15 * minute))).toHaveLength(4);
  });
});
