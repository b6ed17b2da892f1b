/** What every drill gets and gives back. */
export type Scale = 'small' | 'full';

export interface DrillContext {
  scale: Scale;
  /** `DRILLS_DATABASE_URL`: a PostgreSQL server to create throwaway databases on; PostgreSQL variants need it. */
  databaseUrl: string | undefined;
}

export interface DrillResult {
  name: string;
  /** The one line of figures. */
  line: string;
  /** Empty when the drill passed; each entry says what was lost, duplicated, leaked or answered 5xx. */
  failures: string[];
  /** Where the processes' logs are. */
  logDir: string;
  skipped?: string;
}

export interface Drill {
  name: string;
  /** Names accepted by `--only` (the drill's name and short aliases). */
  aliases: string[];
  run(context: DrillContext): Promise<DrillResult[]>;
}

/** Collects failed checks with a short reason each; `check` returns the condition so callers can branch on it. */
export class Checks {
  readonly failures: string[] = [];
  check(condition: boolean, reason: string): boolean {
    if (!condition) this.failures.push(reason);
    return condition;
  }
  fail(reason: string): void {
    this.failures.push(reason);
  }
}

/** Random hex, for secrets and names a drill makes up (recognisable in logs: they are counted later). */
export function randomHex(bytes = 12): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(bytes)), (byte) => byte.toString(16).padStart(2, '0')).join(
    '',
  );
}

const verbose = process.env.DRILLS_VERBOSE === '1';
const runnerStarted = Date.now();
/** With DRILLS_VERBOSE=1, a timestamped progress line on stderr (where the time of a drill goes). */
export function progress(drill: string, message: string): void {
  if (verbose) process.stderr.write(`  [${((Date.now() - runnerStarted) / 1000).toFixed(1)} s] ${drill}: ${message}\n`);
}
