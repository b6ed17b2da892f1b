/**
 * Issue 13 item 6: `npm run demo` against a sandbox gateway that loads the example carrier
 * (`CARRIER_PLUGINS=stn,sps,mvno-carrier-dutchtel`, installed into an operator's project) migrates a line from sTN
 * to DutchTel and back for real, and shows the dry run to SPS refused because a Dutch number cannot move to a US
 * carrier. The demo runs as its own process, as a user runs it; what it claims is then checked through the API.
 */
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repository } from '../helpers/child-gateway.js';
import { createOperatorProject, type OperatorGateway, startOperatorGateway } from '../helpers/dutchtel-install.js';

const sandboxKey = 'sk_sandbox_mvno_gateway';

let project: string;
let gateway: OperatorGateway | undefined;
let gatewayUrl: string;

async function get(path: string): Promise<Record<string, unknown>> {
  const response = await fetch(`${gatewayUrl}${path}`, { headers: { authorization: `Bearer ${sandboxKey}` } });
  return (await response.json()) as Record<string, unknown>;
}

/** The demo as `npm run demo` runs it, against the gateway above: its exit code and everything it printed. */
function runDemo(): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const demo = spawn(process.execPath, ['--import', 'tsx', 'src/runtime/demo.ts'], {
      cwd: repository,
      env: { ...process.env, GATEWAY_URL: gatewayUrl, SANDBOX_API_KEY: sandboxKey },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    demo.stdout.on('data', (chunk) => {
      output += String(chunk);
    });
    demo.stderr.on('data', (chunk) => {
      output += String(chunk);
    });
    const timer = setTimeout(() => demo.kill('SIGKILL'), 150_000);
    demo.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

beforeAll(async () => {
  project = createOperatorProject();
  gateway = await startOperatorGateway(project, { SANDBOX_API_KEY: sandboxKey }, '/readyz');
  gatewayUrl = gateway.url;
}, 90_000);

afterAll(() => {
  gateway?.stop();
  if (project) rmSync(project, { recursive: true, force: true });
});

// The sandbox gateway here always runs on embedded PGlite (sandbox mode, DATABASE_URL emptied): a run of the suite on
// PostgreSQL would repeat exactly this, for half a minute, so it runs in the PGlite run only.
describe.skipIf(Boolean(process.env.DATABASE_URL))('npm run demo with the example carrier loaded', () => {
  it('migrates a line from sTN to DutchTel and back, and shows the dry run to SPS refused', async () => {
    const { code, output } = await runDemo();
    expect(code, output).toBe(0);
    expect(output, 'no step of the demo may fail').not.toContain('✗');
    expect(output).toMatch(/✓ dry run to sps \(serves US: \+1\): refused — .*\+316\d+ cannot move there/);
    expect(output).toMatch(/✓ migrate stn → dutchtel: succeeded \(step 3 of 3\)/);
    expect(output).toMatch(/✓ migrate dutchtel → stn: succeeded \(step 3 of 3\)/);

    // What the demo printed is what the gateway holds: the same line, back at sTN, with both moves in its history.
    const [, id] = /carrierHistory of (sub_\w+) \(same id, same number (\+\d+)\)/.exec(output) ?? [];
    expect(id, output).toBeDefined();
    const line = await get(`/v1/subscriptions/${id}`);
    const numberAtStart = new RegExp(`line ${id}: active, msisdn (\\+\\d+)`).exec(output)?.[1];
    expect(line).toMatchObject({ id, status: 'active', carrier: 'stn', msisdn: numberAtStart });
    const history = line.carrierHistory as Array<Record<string, string>>;
    expect(history.map((move) => `${move.fromCarrier} → ${move.toCarrier}`)).toEqual([
      'stn → dutchtel',
      'dutchtel → stn',
    ]);
    for (const [index, move] of history.entries()) {
      const parent = await get(`/v1/operations/${move.migrationOperationId}`);
      expect(parent).toMatchObject({ kind: 'migrate', status: 'succeeded', progress: { step: 3, of: 3 } });
      const steps = (await get(`/v1/operations?parentOperationId=${move.migrationOperationId}`)).data as Array<
        Record<string, string>
      >;
      const [to, from] = index === 0 ? ['dutchtel', 'stn'] : ['stn', 'dutchtel'];
      expect(steps.reverse().map((step) => [step.kind, step.carrierId, step.status])).toEqual([
        ['port_in', to, 'succeeded'],
        ['cease', from, 'succeeded'],
      ]);
    }
  }, 180_000);
});
