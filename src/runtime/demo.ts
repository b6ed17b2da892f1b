/**
 * `npm run demo`: drives one line per carrier through activate → suspend → resume → services → sim-swap → cease
 * against a running gateway (GATEWAY_URL, default http://localhost:8080; API key from SANDBOX_API_KEY), using the
 * typed SDK, and prints each step as it happens.
 */
import { createGatewayClient, type Operation } from '../client/index.js';

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

async function freeSims(carrier: string, count: number): Promise<string[]> {
  const { data, error } = await client.GET('/v1/sim-cards', {
    params: { query: { carrier, status: 'available', limit: count } },
  });
  if (error || !data) throw new Error(`no SIM inventory from ${carrier}: ${JSON.stringify(error)}`);
  return data.data.map((sim) => String(sim.iccid));
}

async function runStn() {
  say('— sTN —');
  const [first, second] = await freeSims('stn', 2);
  const activation = await step('activate (physical SIM)', () =>
    client.POST('/v1/subscriptions', {
      body: { carrier: 'stn', sim: { type: 'physical', iccid: first! }, services: { voicemail: true } },
      headers: { 'idempotency-key': `demo-stn-${started}` },
    }),
  );
  if (activation?.status !== 'succeeded') return;
  const id = activation.subscriptionId;
  await showLine(id);
  const path = { params: { path: { id } } };
  await step('suspend', () => client.POST('/v1/subscriptions/{id}/suspend', { ...path, body: { reason: 'demo' } }));
  await step('resume', () => client.POST('/v1/subscriptions/{id}/resume', { ...path, body: {} }));
  await step('services (international calls on)', () =>
    client.PATCH('/v1/subscriptions/{id}/services', { ...path, body: { services: { internationalCalls: true } } }),
  );
  await step('sim-swap', () =>
    client.POST('/v1/subscriptions/{id}/sim-swap', { ...path, body: { sim: { type: 'physical', iccid: second! } } }),
  );
  await showLine(id);
  await step('cease', () => client.POST('/v1/subscriptions/{id}/cease', { ...path, body: {} }));
  await showLine(id);
}

async function runSps() {
  say('— SPS —');
  const location = { addressLine1: '9601 S Meridian Blvd', city: 'Englewood', state: 'CO', zipCode: '80112' };
  const eid = (suffix: number) => `890490320000010000000000${String(started % 10000).padStart(4, '0')}${suffix}`;
  const activation = await step('activate (eSIM)', () =>
    client.POST('/v1/subscriptions', {
      body: {
        carrier: 'sps',
        sim: { type: 'esim', eid: eid(1) },
        plan: 'Plan001',
        carrierOptions: { sps: { location } },
      },
      headers: { 'idempotency-key': `demo-sps-${started}` },
    }),
  );
  if (activation?.status !== 'succeeded') return;
  const id = activation.subscriptionId;
  say(
    `  eSIM activation code: ${(activation.result as { esimProfile?: { activationCode?: string } } | null)?.esimProfile?.activationCode ?? '—'}`,
  );
  await showLine(id);
  const path = { params: { path: { id } } };
  await step('suspend', () => client.POST('/v1/subscriptions/{id}/suspend', { ...path, body: {} }));
  await step('resume', () => client.POST('/v1/subscriptions/{id}/resume', { ...path, body: {} }));
  await step('services (voicemail on)', () =>
    client.PATCH('/v1/subscriptions/{id}/services', { ...path, body: { services: { voicemail: true } } }),
  );
  await step('sim-swap (to another eSIM)', () =>
    client.POST('/v1/subscriptions/{id}/sim-swap', { ...path, body: { sim: { type: 'esim', eid: eid(2) } } }),
  );
  await showLine(id);
  await step('cease', () => client.POST('/v1/subscriptions/{id}/cease', { ...path, body: {} }));
  await showLine(id);
}

try {
  const health = await fetch(`${baseUrl}/healthz`).catch(() => null);
  if (!health?.ok) throw new Error(`no gateway at ${baseUrl}: start one with "npm start" (or set GATEWAY_URL)`);
  await runStn();
  await runSps();
  say(failures === 0 ? 'done' : `done, ${failures} step(s) failed`);
  if (failures > 0) process.exitCode = 1;
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
