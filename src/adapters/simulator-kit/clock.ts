import { z } from 'zod';

/**
 * A simulator's clock the user controls: real time (or an injected base) plus an offset that only moves forward.
 * A port-in that takes days, or sTN's Suspend that reached DONE "about 3 minutes later" (stn.md §3.6), completes
 * when someone moves the clock past its time — `POST /_sim/clock/advance` — so tests and the sandbox stay fast.
 */
export interface SimulatorClock {
  now(): Date;
  /** Moves the clock forward by `ms`, or to the moment `to` (never backwards); returns the new time. */
  advance(by: { ms: number } | { to: string }): Date;
  /** How far ahead of its base the clock runs. */
  readonly offsetMs: number;
}

export const clockAdvanceSchema = z.union([
  z.strictObject({
    ms: z
      .number()
      .int()
      .min(0)
      .max(366 * 86_400_000),
  }),
  z.strictObject({ to: z.iso.datetime({ offset: true }) }),
]);

export function createSimulatorClock(base: () => Date = () => new Date()): SimulatorClock {
  let offsetMs = 0;
  return {
    now: () => new Date(base().getTime() + offsetMs),
    advance(by) {
      const current = base().getTime() + offsetMs;
      const target = 'ms' in by ? current + by.ms : Date.parse(by.to);
      if (target < current) throw new RangeError(`the clock cannot go back (it is ${new Date(current).toISOString()})`);
      offsetMs += target - current;
      return new Date(base().getTime() + offsetMs);
    },
    get offsetMs() {
      return offsetMs;
    },
  };
}
