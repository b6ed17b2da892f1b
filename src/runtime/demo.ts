/**
 * `npm run demo`: drives one line per sandbox carrier through activate → suspend → resume → services → sim-swap →
 * cease (the steps its capabilities allow) against a running gateway (GATEWAY_URL, default http://localhost:8080;
 * API key from SANDBOX_API_KEY), using the typed SDK, and prints each step as it happens. The carriers and their
 * requests come from GET /sandbox, which each plugin's sandbox describes, so the demo names no carrier.
 * Then one more line on the first carrier, and a dry run of its migration to every other connection: each target's
 * declared coverage decides (a Dutch number cannot move to a US carrier), without anything being sent. When another
 * plugin's connection serves the line's number and can port it in (the example carrier, loaded from CARRIER_PLUGINS),
 * that line really migrates there and back: the target comes from GET /v1/carriers, the port-in fields from what it
 * declares it needs, and its sandbox's donor registry (GET /sandbox `portInDonors`) learns who holds the number.
 */
import { createGatewayClient, type Operation, type paths } from '../client/index.js';

const baseUrl = process.env.GATEWAY_URL ?? 'http://localhost:8080';
const apiKey = process.env.SANDBOX_API_KEY ?? 'sk_sandbox_mvno_gateway';
const client = createGatewayClient({ baseUrl, apiKey });
const sleep = (milliseconds: number) => new Promise((resolve) => setTimeout(resolve, milliseconds));
const started = Date.now();
const elapsed = () => `${((Date.now() - started) / 1000).toFixed(1).padStart(5)}s`;

/** Steps that were refused or did not succeed: the demo exits non-zero if any (CI runs it on each runtime). */
let failures = 0;

function say(line: string) {
  console.log(`${elapsed()}  ${line}`);
}

/** What GET /sandbox says about one simulated carrier (only what the demo uses). */
interface SandboxCarrierGuide {
  name: string;
  displayName: string;
  exampleActivation?: Record<string, unknown>;
  /**
   * How this simulator's donor check learns that another carrier holds a number, as a request with placeholders
   * (`{msisdn}`, `{donorOperator}`, and the port-in's fields such as `{donorAccountNumber}`).
   */
  portInDonors?: { register?: { method: string; path: string; body?: Record<string, unknown> } };
  exampleServices?: Record<string, unknown>;
  exampleSimSwap?: Record<string, unknown>;
}

async function waitFor(operation: Operation): Promise<Operation> {
  let current = operation;
  for (let round = 0; round < 600; round++) {
    if (['succeeded', 'failed', 'cancelled', 'requires_action'].includes(current.status)) return current;
    await sleep(250);
    const { data, error } = await client.GET('/v1/operations/{id}', { params: { path: { id: current.id } } });
    if (error || !data) throw new Error(`reading ${current.id}: ${JSON.stringify(error)}`);
    current = data;
  }
  throw new Error(`${operation.id} did not finish in time`);
}

async function step(name: string, start: () => Promise<{ data?: Operation; error?: unknown }>) {
  const { data, error } = await start();
  if (error || !data) {
    failures += 1;
    say(`✗ ${name}: refused — ${JSON.stringify(error)}`);
    return null;
  }
  say(`… ${name}: ${data.id} accepted (${data.status})`);
  const done = await waitFor(data);
  if (done.status !== 'succeeded') failures += 1;
  const detail =
    done.status === 'failed' || done.status === 'requires_action'
      ? ` — ${done.error?.detail}`
      : done.carrierStatus
        ? ` (carrier status ${done.carrierStatus})`
        : done.progress
          ? ` (step ${done.progress.step} of ${done.progress.of})`
          : '';
  say(`${done.status === 'succeeded' ? '✓' : '✗'} ${name}: ${done.status}${detail}`);
  return done;
}

async function showLine(id: string) {
  const { data } = await client.GET('/v1/subscriptions/{id}', { params: { path: { id } } });
  if (data)
    say(
      `  line ${data.id}: ${data.status}, msisdn ${data.msisdn ?? '—'}, iccid ${data.iccid ?? '—'}, esim ${data.esim}`,
    );
}

/** The port-in details a target declares it needs, filled with demo values (a dry run checks them, sends nothing). */
function demoPortIn(requiredFields: readonly string[] | undefined): Record<string, string> {
  return Object.fromEntries((requiredFields ?? []).map((field) => [field, 'DEMO1234']));
}

type Connections = paths['/v1/carriers']['get']['responses'][200]['content']['application/json']['data'];

/** The line the dry runs used, still active at the first carrier: the real migration moves it. */
interface HomeLine {
  id: string;
  msisdn: string;
  home: SandboxCarrierGuide;
}

async function dryRunMigrations(carriers: SandboxCarrierGuide[], connections: Connections): Promise<HomeLine | null> {
  const [home, ...others] = carriers;
  if (!home?.exampleActivation || others.length === 0) return null;
  say(`— migration dry runs from ${home.displayName} —`);
  const activation = await step(`activate at ${home.name}`, () =>
    client.POST('/v1/subscriptions', {
      body: home.exampleActivation as never,
      headers: { 'idempotency-key': `demo-migration-${home.name}-${started}` },
    }),
  );
  if (activation?.status !== 'succeeded') return null;
  await showLine(activation.subscriptionId);
  const { data: line } = await client.GET('/v1/subscriptions/{id}', {
    params: { path: { id: activation.subscriptionId } },
  });
  for (const target of others) {
    const connection = connections.find((candidate) => candidate.connection === target.name);
    const coverage = connection?.capabilities.coverage;
    const response = await fetch(`${baseUrl}/v1/subscriptions/${activation.subscriptionId}/migrate?dryRun=true`, {
      method: 'POST',
      headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        targetConnection: target.name,
        sim: (target.exampleActivation?.sim as Record<string, unknown> | undefined) ?? { type: 'esim' },
        portIn: demoPortIn(coverage?.portInRequiredFields),
      }),
    });
    const plan = (await response.json()) as {
      allowed?: boolean;
      servicesLost?: string[];
      problems?: Array<{ detail?: string }>;
      detail?: string;
    };
    const where = coverage ? ` (serves ${coverage.countries.join(', ')}: ${coverage.numberPrefixes.join(', ')})` : '';
    if (response.status !== 200) {
      failures += 1;
      say(`✗ dry run to ${target.name}: HTTP ${response.status} — ${plan.detail}`);
    } else if (plan.allowed) {
      const lost = plan.servicesLost?.length ? `, would lose ${plan.servicesLost.join(', ')}` : '';
      say(`✓ dry run to ${target.name}${where}: allowed${lost}`);
    } else {
      // A refusal is the answer the demo shows, not a failure (the coverage check comes first: the number's country).
      const [first, ...more] = plan.problems ?? [];
      const others = more.length > 0 ? ` (and ${more.length} more problem(s))` : '';
      say(`✓ dry run to ${target.name}${where}: refused — ${first?.detail}${others}`);
    }
  }
  return line?.msisdn ? { id: line.id, msisdn: line.msisdn, home } : null;
}

/** `{name}` placeholders in a guide's request template, filled from `values` (a value left unknown stays as is). */
function fill(template: unknown, values: Record<string, string>): unknown {
  if (typeof template === 'string') return template.replace(/\{(\w+)\}/g, (match, key: string) => values[key] ?? match);
  if (Array.isArray(template)) return template.map((item) => fill(item, values));
  if (typeof template === 'object' && template !== null) {
    return Object.fromEntries(Object.entries(template).map(([key, value]) => [key, fill(value, values)]));
  }
  return template;
}

/**
 * One real migration of the line to `target`: the port-in's fields are the ones the target declares, with a
 * customer number made up for the demo, which the target's simulator is told the donor (`from`) knows the number by
 * when its guide says how. Prints each step of the parent operation as it finishes.
 */
async function migrateLine(
  line: HomeLine,
  from: SandboxCarrierGuide,
  target: SandboxCarrierGuide,
  connections: Connections,
) {
  const coverage = connections.find((candidate) => candidate.connection === target.name)?.capabilities.coverage;
  const portIn = Object.fromEntries(
    (coverage?.portInRequiredFields ?? []).map((field) => [field, `DEMO${started % 1_000_000}`]),
  );
  const register = target.portInDonors?.register;
  if (register) {
    const values = { ...portIn, msisdn: line.msisdn, donorOperator: from.displayName };
    const response = await fetch(`${baseUrl}${fill(register.path, values) as string}`, {
      method: register.method,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(fill(register.body ?? {}, values)),
    });
    if (!response.ok) {
      failures += 1;
      say(
        `✗ registering ${line.msisdn} as held by ${from.name} at ${target.name}'s donor check: HTTP ${response.status}`,
      );
      return null;
    }
    say(`  ${target.name}'s donor check now knows ${line.msisdn} as held by ${from.name} (${JSON.stringify(portIn)})`);
  }
  const sim = (target.exampleActivation?.sim as Record<string, unknown> | undefined) ?? { type: 'esim' };
  const parent = await step(
    `migrate ${from.name} → ${target.name}`,
    () =>
      client.POST('/v1/subscriptions/{id}/migrate', {
        params: { path: { id: line.id } },
        body: { targetConnection: target.name, sim, portIn } as never,
        headers: { 'idempotency-key': `demo-migrate-${from.name}-${target.name}-${started}` },
      }) as Promise<{ data?: Operation; error?: unknown }>,
  );
  if (!parent) return null;
  const { data: children } = await client.GET('/v1/operations', {
    params: { query: { parentOperationId: parent.id } as never },
  });
  for (const child of [...(children?.data ?? [])].reverse()) {
    say(
      `    step ${child.kind} at ${child.carrierId}: ${child.status} (${child.id}, carrier status ${child.carrierStatus})`,
    );
  }
  const progress = parent.progress ? ` (step ${parent.progress.step} of ${parent.progress.of})` : '';
  say(`  parent ${parent.id}: ${parent.status}${progress}`);
  await showLine(line.id);
  return parent.status === 'succeeded' ? parent : null;
}

/**
 * The line from the dry runs migrates to another plugin's connection that serves its number and can port it in, and
 * back. Without one (the example carrier not loaded) the demo says how to load it.
 */
async function migrateThereAndBack(line: HomeLine, connections: Connections) {
  const homeType = connections.find((candidate) => candidate.connection === line.home.name)?.carrierType;
  const target = connections.find(
    (candidate) =>
      candidate.carrierType !== homeType &&
      candidate.capabilities.operations.includes('port_in') &&
      (candidate.capabilities.coverage?.numberPrefixes ?? []).some((prefix) => line.msisdn.startsWith(prefix)),
  );
  if (!target) {
    say(`— no other carrier serves ${line.msisdn}: the migration stops at the dry runs —`);
    say('  To see a real migration and back, load the example carrier (docs/migration.md, "The sandbox"):');
    say('    npm run build && mkdir -p examples/carrier-dutchtel/node_modules \\');
    say('      && ln -sfn ../../.. examples/carrier-dutchtel/node_modules/mvno-gateway');
    const loaded = [...new Set(connections.map((connection) => connection.carrierType))].join(',');
    say(`    CARRIER_PLUGINS=${loaded},./examples/carrier-dutchtel/src/index.ts npm start`);
    return;
  }
  say(`— migration of ${line.msisdn} from ${line.home.name} to ${target.connection} and back —`);
  // Fresh guides before each move: their example SIMs are the ones still free.
  const guides = async () =>
    ((await (await fetch(`${baseUrl}/sandbox`)).json()) as { carriers: SandboxCarrierGuide[] }).carriers;
  const targetGuide = (await guides()).find((carrier) => carrier.name === target.connection);
  if (!targetGuide) {
    failures += 1;
    say(`✗ ${target.connection} has no sandbox guide`);
    return;
  }
  if (!(await migrateLine(line, line.home, targetGuide, connections))) return;
  const homeGuide = (await guides()).find((carrier) => carrier.name === line.home.name) ?? line.home;
  if (!(await migrateLine(line, targetGuide, homeGuide, connections))) return;
  const { data } = await client.GET('/v1/subscriptions/{id}', { params: { path: { id: line.id } } });
  say(`  carrierHistory of ${line.id} (same id, same number ${data?.msisdn}):`);
  for (const move of data?.carrierHistory ?? []) {
    say(`    ${move.movedAt}  ${move.fromCarrier} → ${move.toCarrier}  by ${move.migrationOperationId}`);
  }
}

async function runCarrier(carrier: SandboxCarrierGuide, operations: ReadonlySet<string>) {
  say(`— ${carrier.displayName} —`);
  if (!carrier.exampleActivation) {
    say(`  (the ${carrier.name} sandbox offers no example activation; skipped)`);
    return;
  }
  const activation = await step('activate', () =>
    client.POST('/v1/subscriptions', {
      body: carrier.exampleActivation as never,
      headers: { 'idempotency-key': `demo-${carrier.name}-${started}` },
    }),
  );
  if (activation?.status !== 'succeeded') return;
  const id = activation.subscriptionId;
  await showLine(id);
  const path = { params: { path: { id } } };
  if (operations.has('suspend')) {
    await step('suspend', () => client.POST('/v1/subscriptions/{id}/suspend', { ...path, body: { reason: 'demo' } }));
  }
  if (operations.has('resume')) {
    await step('resume', () => client.POST('/v1/subscriptions/{id}/resume', { ...path, body: {} }));
  }
  const services = carrier.exampleServices;
  if (operations.has('change_services') && services) {
    await step(`services (${JSON.stringify(services.services)})`, () =>
      client.PATCH('/v1/subscriptions/{id}/services', { ...path, body: services as never }),
    );
  }
  const simSwap = carrier.exampleSimSwap;
  if (operations.has('sim_swap') && simSwap) {
    await step('sim-swap', () => client.POST('/v1/subscriptions/{id}/sim-swap', { ...path, body: simSwap as never }));
    await showLine(id);
  }
  if (operations.has('cease')) {
    await step('cease', () => client.POST('/v1/subscriptions/{id}/cease', { ...path, body: {} }));
    await showLine(id);
  }
}

try {
  const health = await fetch(`${baseUrl}/healthz`).catch(() => null);
  if (!health?.ok) throw new Error(`no gateway at ${baseUrl}: start one with "npm start" (or set GATEWAY_URL)`);
  const guide = await fetch(`${baseUrl}/sandbox`).catch(() => null);
  if (!guide?.ok)
    throw new Error(`${baseUrl} is not in sandbox mode (GET /sandbox answered ${guide?.status ?? 'nothing'})`);
  const { carriers } = (await guide.json()) as { carriers: SandboxCarrierGuide[] };
  const { data: connections, error } = await client.GET('/v1/carriers');
  if (error || !connections) throw new Error(`GET /v1/carriers: ${JSON.stringify(error)}`);
  for (const carrier of carriers) {
    const connection = connections.data.find((candidate) => candidate.connection === carrier.name);
    await runCarrier(carrier, new Set(connection?.capabilities.operations ?? []));
  }
  // A fresh guide: the examples name SIMs still free after the lines above.
  const fresh = (await (await fetch(`${baseUrl}/sandbox`)).json()) as { carriers: SandboxCarrierGuide[] };
  const line = await dryRunMigrations(fresh.carriers, connections.data);
  if (line) await migrateThereAndBack(line, connections.data);
  say(failures === 0 ? 'done' : `done, ${failures} step(s) failed`);
  if (failures > 0) process.exitCode = 1;
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
