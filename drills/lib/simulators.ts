/**
 * Standalone carrier simulators (`src/runtime/simulator-cli.ts`) as real processes, read and steered over their
 * `/_sim` control routes: the request ledger and fault injection.
 */
import { call, callExpecting, sleep } from './http.js';
import { type RunningProcess, startNodeScript } from './processes.js';

export interface LedgerEntry {
  sequence: number;
  method: string;
  path: string;
  query: Record<string, string>;
  headers: Record<string, string>;
  body: unknown;
  responseStatus: number | null;
}

export interface Faults {
  errorRate?: number;
  rateLimitRate?: number;
  latencyMs?: number;
  timeoutRate?: number;
  malformedRate?: number;
  timeoutHoldMs?: number;
}

export class SimulatorProcess {
  readonly baseUrl: string;
  private running: RunningProcess | undefined;

  constructor(
    readonly carrier: 'stn' | 'sps',
    readonly port: number,
    private readonly args: string[],
    private readonly logDir: string,
    private readonly name = `simulator-${carrier}`,
  ) {
    this.baseUrl = `http://127.0.0.1:${port}`;
  }

  async start(): Promise<void> {
    this.running = startNodeScript({
      name: this.name,
      script: 'src/runtime/simulator-cli.ts',
      args: [this.carrier, '--port', String(this.port), ...this.args],
      env: {},
      logDir: this.logDir,
    });
    const deadline = Date.now() + 30_000;
    for (;;) {
      try {
        if ((await call(this.baseUrl, 'GET', '/_sim/faults', { timeoutMs: 2000 })).status === 200) return;
      } catch {
        // not yet
      }
      if (Date.now() > deadline) throw new Error(`${this.name} did not start; see ${this.running.logPath}`);
      await sleep(50);
    }
  }

  async stop(): Promise<void> {
    this.running?.kill('SIGTERM');
    if (this.running) await Promise.race([this.running.exited, sleep(5000)]);
    this.running?.kill('SIGKILL');
  }

  async ledger(): Promise<LedgerEntry[]> {
    const reply = await callExpecting([200], this.baseUrl, 'GET', '/_sim/ledger', { timeoutMs: 60_000 });
    return (reply.json as { entries: LedgerEntry[] }).entries;
  }

  async setFaults(faults: Faults): Promise<void> {
    await callExpecting([200], this.baseUrl, 'PUT', '/_sim/faults', { body: faults });
  }

  /** Physical SIMs still free for an activation. */
  async freeSims(): Promise<string[]> {
    if (this.carrier === 'stn') {
      const reply = await callExpecting([200], this.baseUrl, 'GET', '/_sim/free-sims');
      return (reply.json as { simCardNumbers: string[] }).simCardNumbers;
    }
    const reply = await callExpecting([200], this.baseUrl, 'GET', '/_sim/available-sims');
    return (reply.json as { iccids: string[] }).iccids;
  }
}

/** The id by which a carrier write names our operation: sTN `referenceNumber`, SPS `partnerTransactionId`. */
function writeIdOf(carrier: 'stn' | 'sps', entry: LedgerEntry): string | undefined {
  if (entry.method === 'GET') return undefined;
  const body = entry.body as Record<string, unknown> | null;
  if (!body || typeof body !== 'object') return undefined;
  const id = carrier === 'stn' ? body.referenceNumber : body.partnerTransactionId;
  return typeof id === 'string' ? id : undefined;
}

/**
 * Carrier writes of ours that reached the carrier more than once. A write the carrier acted on (2xx) must never be
 * followed by another write with the same id: every entry after the first accepted one is a duplicate. Writes the
 * carrier refused unprocessed (an injected 500 or 429) may be retried.
 */
export function duplicateWrites(
  carrier: 'stn' | 'sps',
  entries: readonly LedgerEntry[],
): {
  writes: number;
  ids: number;
  duplicates: Array<{ id: string; sent: number }>;
} {
  const byId = new Map<string, LedgerEntry[]>();
  let writes = 0;
  for (const entry of entries) {
    const id = writeIdOf(carrier, entry);
    if (!id) continue;
    writes++;
    const list = byId.get(id) ?? [];
    list.push(entry);
    byId.set(id, list);
  }
  const duplicates: Array<{ id: string; sent: number }> = [];
  for (const [id, list] of byId) {
    list.sort((left, right) => left.sequence - right.sequence);
    const firstAccepted = list.findIndex(
      (entry) => entry.responseStatus !== null && entry.responseStatus >= 200 && entry.responseStatus < 300,
    );
    if (firstAccepted >= 0 && firstAccepted < list.length - 1) duplicates.push({ id, sent: list.length });
  }
  return { writes, ids: byId.size, duplicates };
}
