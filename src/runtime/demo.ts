/**
 * `npm run demo`: drives one line per sandbox carrier through activate → suspend → resume → services → sim-swap →
 * cease (the steps its capabilities allow) against a running gateway (GATEWAY_URL, default http://localhost:8080;
 * API key from SANDBOX_API_KEY), using the typed SDK, and prints each step as it happens. The carriers and their
 * requests come from GET /sandbox, which each plugin's sandbox describes, so the demo names no carrier.
 * Then one more line on the first carrier, and a dry run of its migration to every other connection: each target's
 * declared coverage decides (a Dutch number cannot move to a US carrier), without anything being sent.
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
  exampleServices?: Record<string, unknown>;
  exampleSimSwap?: Record<string, unknown>;
}

async function waitFor(operation: Operation): Promise<Operation> {
  let current = operation;
  for (let round = 0; round < 600; round++) {
    if (['succeeded', 'failed', 'cancelled'].includes(current.status)) return current;
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
  const detail = done.status === 'failed' ? ` — ${done.error?.detail}` : ` (carrier status ${done.carrierStatus})`;
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

async function dryRunMigrations(carriers: SandboxCarrierGuide[], connections: Connections) {
  const [home, ...others] = carriers;
  if (!home?.exampleActivation || others.length === 0) return;
  say(`— migration dry runs from ${home.displayName} —`);
  const activation = await step(`activate at ${home.name}`, () =>
    client.POST('/v1/subscriptions', {
      body: home.exampleActivation as never,
      headers: { 'idempotency-key': `demo-migration-${home.name}-${started}` },
    }),
  );
  if (activation?.status !== 'succeeded') return;
  await showLine(activation.subscriptionId);
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
  await dryRunMigrations(fresh.carriers, connections.data);
  say(failures === 0 ? 'done' : `done, ${failures} step(s) failed`);
  if (failures > 0) process.exitCode = 1;
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
