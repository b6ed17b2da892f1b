/**
 * crash: keyed activations against a standalone sTN simulator while the gateway is SIGKILLed and started again on the
 * same database, some kills inside bursts of concurrent POSTs. Afterwards every operation is terminal, no carrier
 * write was sent twice (the simulator's ledger), no key stays in progress after the lease (each key is retried: it
 * replays or runs, never 409), and no key produced two operations.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Checks, type Drill, type DrillContext, type DrillResult, progress, randomHex } from './lib/drill.js';
import { GatewayProcess } from './lib/gateway.js';
import { call, NetworkError, sleep } from './lib/http.js';
import { idempotencyLeaseEnv, idempotencyLeaseMs } from './lib/lease.js';
import { freePort } from './lib/ports.js';
import { createThrowawayDatabase, type ThrowawayDatabase } from './lib/postgres.js';
import { duplicateWrites, SimulatorProcess } from './lib/simulators.js';
import { inParallel, seconds, tally } from './lib/stats.js';
import { createTenant, listAllOperations, type OperationView, putConnection, terminalStatuses } from './lib/tenants.js';

const scales = {
  small: { operations: 100, burst: 20, killsInside: 3, killsAfter: 2, drainMs: 90_000 },
  full: { operations: 500, burst: 25, killsInside: 7, killsAfter: 5, drainMs: 180_000 },
};

interface KeyedOperation {
  key: string;
  iccid: string;
  body: unknown;
  operationId?: string;
  /** The final answer when it was not a 202. */
  refusal?: { status: number; text: string };
  conflicts: number;
}

async function runVariant(context: DrillContext, variant: 'pglite' | 'postgres'): Promise<DrillResult> {
  const name = `crash[${variant}]`;
  const logDir = mkdtempSync(join('/tmp', `drills-crash-${variant}-`));
  const checks = new Checks();
  const scale = scales[context.scale];
  let database: ThrowawayDatabase | undefined;
  if (variant === 'postgres') database = await createThrowawayDatabase(context.databaseUrl as string, 'crash');
  const stnKey = `stn-drill-${randomHex()}`;
  const simulator = new SimulatorProcess(
    'stn',
    await freePort(),
    ['--api-key', stnKey, '--delay-ms', '150', '--sims', String(scale.operations + 20)],
    logDir,
  );
  const adminKey = `admin-drill-${randomHex()}`;
  const gateway = new GatewayProcess({
    port: await freePort(),
    logDir,
    env: {
      ADMIN_API_KEY: adminKey,
      ...idempotencyLeaseEnv,
      ...(database ? { DATABASE_URL: database.url } : { DATA_DIR: join(logDir, 'data') }),
    },
  });
  let fiveXx = 0;
  let kills = 0;
  let killsInsideBursts = 0;
  let lastKillAt = 0;
  try {
    await simulator.start();
    await gateway.start();
    const tenant = await createTenant(gateway.baseUrl, adminKey, 'crash drill');
    await putConnection(
      gateway.baseUrl,
      adminKey,
      tenant.id,
      'stn',
      'stn',
      { baseUrl: simulator.baseUrl, apiKey: stnKey },
      true,
    );
    const sims = (await simulator.freeSims()).slice(0, scale.operations);
    const run = randomHex(4);
    const operations: KeyedOperation[] = sims.map((iccid, index) => ({
      key: `crash-${run}-${index}`,
      iccid,
      body: { sim: { type: 'physical', iccid }, externalReference: `crash-${index}` },
      conflicts: 0,
    }));

    const killAndRestart = async () => {
      await gateway.kill();
      kills++;
      lastKillAt = Date.now();
      await gateway.start();
    };

    /** A careful client: resends the same key after a network error; stops on 409 (the lease phase retries it). */
    const submit = async (operation: KeyedOperation, deadline: number) => {
      while (Date.now() < deadline) {
        let reply: Awaited<ReturnType<typeof call>>;
        try {
          reply = await call(gateway.baseUrl, 'POST', '/v1/subscriptions', {
            key: tenant.apiKey,
            body: operation.body,
            headers: { 'idempotency-key': operation.key },
            timeoutMs: 15_000,
          });
        } catch (error) {
          if (!(error instanceof NetworkError)) throw error;
          await sleep(150);
          continue;
        }
        if (reply.status >= 500) {
          fiveXx++;
          await sleep(200);
          continue;
        }
        if (reply.status === 409) {
          operation.conflicts++;
          return;
        }
        if (reply.status === 202 || reply.status === 200 || reply.status === 201) {
          const id = (reply.json as { id?: string } | null)?.id;
          if (operation.operationId && id !== operation.operationId) {
            checks.fail(`key ${operation.key} answered ${id} after ${operation.operationId}`);
          }
          operation.operationId = id;
          operation.refusal = undefined;
          return;
        }
        operation.refusal = { status: reply.status, text: reply.text.slice(0, 300) };
        return;
      }
      operation.refusal = { status: 0, text: 'no answer before the deadline' };
    };

    // Bursts of concurrent POSTs; kills land inside some bursts and after others (engine work under way).
    const bursts: KeyedOperation[][] = [];
    for (let start = 0; start < operations.length; start += scale.burst) {
      bursts.push(operations.slice(start, start + scale.burst));
    }
    const insideAt = new Set(spread(scale.killsInside, bursts.length, 0));
    const afterAt = new Set(spread(scale.killsAfter, bursts.length, 1));
    progress(name, `set up; ${bursts.length} bursts of ${scale.burst}`);
    for (const [index, burst] of bursts.entries()) {
      const deadline = Date.now() + 60_000;
      const sent = Promise.all(burst.map((operation) => submit(operation, deadline)));
      if (insideAt.has(index)) {
        await sleep(5 + Math.floor(Math.random() * 60));
        killsInsideBursts++;
        await killAndRestart();
      }
      await sent;
      if (afterAt.has(index)) {
        await sleep(200 + Math.floor(Math.random() * 500));
        await killAndRestart();
      }
    }

    // Drain: every operation the gateway holds reaches a terminal status.
    progress(name, `${kills} kills done; draining`);
    const drainStarted = Date.now();
    const drained = await drain(gateway.baseUrl, tenant.apiKey, scale.drainMs);
    const drainMs = Date.now() - drainStarted;
    checks.check(drained, `operations not terminal ${seconds(scale.drainMs)} after the last restart`);

    // After the lease, every key is retried with its request: it must replay (the same operation) or run, never 409.
    const leaseOver = lastKillAt + idempotencyLeaseMs + 1000;
    progress(name, `drained in ${seconds(drainMs)}; waiting out the idempotency lease`);
    if (Date.now() < leaseOver) await sleep(leaseOver - Date.now());
    let stuckKeys = 0;
    const replayMismatch: string[] = [];
    await inParallel(operations, 10, async (operation) => {
      const before = operation.operationId;
      const conflictsBefore = operation.conflicts;
      await submit(operation, Date.now() + 30_000);
      if (operation.conflicts > conflictsBefore) stuckKeys++;
      if (before && operation.operationId !== before) replayMismatch.push(operation.key);
    });
    progress(name, 'keys retried');
    checks.check(stuckKeys === 0, `${stuckKeys} idempotency keys still in progress (409) after the lease`);
    checks.check(replayMismatch.length === 0, `${replayMismatch.length} keys replayed another operation`);
    if (!(await drain(gateway.baseUrl, tenant.apiKey, 60_000)))
      checks.fail('operations run by the lease retries did not finish');

    const all = await listAllOperations(gateway.baseUrl, tenant.apiKey);
    const byStatus = tally(all.map((operation) => operation.status));
    const notTerminal = all.filter((operation) => !terminalStatuses.has(operation.status));
    checks.check(
      notTerminal.length === 0,
      `${notTerminal.length} operations not terminal (e.g. ${notTerminal[0]?.id})`,
    );
    const failed = all.filter((operation) => operation.status !== 'succeeded');
    if (failed.length > 0) {
      checks.fail(
        `${failed.length} operations did not succeed (e.g. ${failed[0]?.id}: ${failed[0]?.status} ${failed[0]?.error?.code ?? ''} ${failed[0]?.error?.detail ?? ''})`,
      );
    }
    const perIccid = tally(all.map((operation) => (operation.request.sim as { iccid?: string } | undefined)?.iccid));
    const doubleExecutions = [...perIccid.values()].filter((count) => count > 1).length;
    checks.check(doubleExecutions === 0, `${doubleExecutions} keys produced more than one operation`);
    const unresolved = operations.filter((operation) => !operation.operationId);
    checks.check(
      unresolved.length === 0,
      `${unresolved.length} keys never got an operation (e.g. ${unresolved[0]?.key}: ${unresolved[0]?.refusal?.status} ${unresolved[0]?.refusal?.text ?? 'only 409'})`,
    );
    const known = new Set(all.map((operation) => operation.id));
    const lost = operations.filter((operation) => operation.operationId && !known.has(operation.operationId));
    checks.check(lost.length === 0, `${lost.length} operations answered 202 are missing (lost writes)`);
    const ledger = duplicateWrites('stn', await simulator.ledger());
    checks.check(
      ledger.duplicates.length === 0,
      `${ledger.duplicates.length} carrier writes sent more than once (e.g. referenceNumber ${ledger.duplicates[0]?.id} ×${ledger.duplicates[0]?.sent}; see duplicates.json)`,
    );
    checks.check(fiveXx === 0, `${fiveXx} answers were 5xx`);
    if (ledger.duplicates.length > 0)
      await writeEvidence(logDir, gateway.baseUrl, tenant.apiKey, all, ledger.duplicates);
    const line =
      `${name}: ${operations.length} ops (${byStatus.get('succeeded') ?? 0} succeeded, ${all.length - (byStatus.get('succeeded') ?? 0)} other), ` +
      `${kills} kills (${killsInsideBursts} inside bursts), ${ledger.duplicates.length} duplicate carrier requests ` +
      `(${ledger.writes} writes), ${stuckKeys} stuck keys, ${doubleExecutions} double executions, ${fiveXx} 5xx, drain ${seconds(drainMs)}`;
    return { name, line, failures: checks.failures, logDir };
  } catch (error) {
    checks.fail(`drill aborted: ${error instanceof Error ? error.message : String(error)}`);
    return { name, line: `${name}: aborted after ${kills} kills`, failures: checks.failures, logDir };
  } finally {
    await gateway.stop().catch(() => {});
    await simulator.stop().catch(() => {});
    await database?.drop().catch(() => {});
  }
}

/** For each duplicated write, the operation and its attempt records, so the cause can be read after the run. */
async function writeEvidence(
  logDir: string,
  baseUrl: string,
  apiKey: string,
  all: OperationView[],
  duplicates: Array<{ id: string; sent: number }>,
) {
  const evidence = [];
  for (const duplicate of duplicates.slice(0, 10)) {
    const operation = all.find((candidate) => candidate.correlationId === duplicate.id);
    const attempts = operation
      ? await call(baseUrl, 'GET', `/v1/operations/${operation.id}/attempts`, { key: apiKey })
      : null;
    evidence.push({ duplicate, operation, attempts: attempts?.json });
  }
  writeFileSync(join(logDir, 'duplicates.json'), JSON.stringify(evidence, null, 2));
}

/** `count` indexes spread evenly over `length` slots, starting at `offset`. */
function spread(count: number, length: number, offset: number): number[] {
  if (count <= 0) return [];
  return Array.from({ length: count }, (_, index) =>
    Math.min(length - 1, Math.floor(offset + (index * length) / count)),
  );
}

/** Wait until every operation the tenant has is terminal; false at the deadline. */
async function drain(baseUrl: string, apiKey: string, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const all = await listAllOperations(baseUrl, apiKey);
      if (all.every((operation) => terminalStatuses.has(operation.status))) return true;
    } catch {
      // the gateway may still be starting
    }
    await sleep(250);
  }
  return false;
}

export const crashDrill: Drill = {
  name: 'crash',
  aliases: ['crash'],
  async run(context) {
    // The variants share nothing but the machine, and each spends half its time waiting out the lease: run together.
    const variants = [runVariant(context, 'pglite')];
    if (context.databaseUrl) variants.push(runVariant(context, 'postgres'));
    const results = await Promise.all(variants);
    if (!context.databaseUrl) {
      results.push({
        name: 'crash[postgres]',
        line: 'crash[postgres]: skipped',
        failures: [],
        logDir: '',
        skipped: 'DRILLS_DATABASE_URL is not set',
      });
    }
    return results;
  },
};
