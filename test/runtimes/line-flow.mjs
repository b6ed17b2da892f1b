/**
 * The flow every runtime smoke test drives over HTTP against a gateway that uses standalone simulators: a tenant
 * made with the admin key, connections to the sTN and SPS simulators, the SPS callback registered, then an sTN
 * activation (polled) and an SPS activation (by signed callback) to `succeeded`, and a suspend on each.
 */
import { call, sleep } from './harness.mjs';

export const adminKey = 'admin-key-for-the-runtime-smoke-tests';
export const simulatorCredentials = {
  stnApiKey: 'stn-smoke-api-key',
  spsClientId: 'sps-smoke-client',
  spsClientSecret: 'sps-smoke-client-secret',
  spsCallbackSecret: 'sps-smoke-callback-secret-0123456789',
};

/** Arguments for `npm run simulator -- <carrier> …` matching `simulatorCredentials`. */
export function simulatorArguments(carrier, port, delayMs) {
  const common = ['--port', String(port), '--delay-ms', String(delayMs)];
  if (carrier === 'stn') return ['stn', ...common, '--api-key', simulatorCredentials.stnApiKey];
  return [
    'sps',
    ...common,
    '--client-id',
    simulatorCredentials.spsClientId,
    '--client-secret',
    simulatorCredentials.spsClientSecret,
  ];
}

const terminal = new Set(['succeeded', 'failed', 'cancelled']);

/** Poll an operation until it ends; returns it with how long that took from `since`. */
export async function awaitOperation(gatewayUrl, key, operationId, { since = Date.now(), timeoutMs = 60_000 } = {}) {
  const deadline = since + timeoutMs;
  for (;;) {
    const { body } = await call(gatewayUrl, 'GET', `/v1/operations/${operationId}`, { key });
    if (terminal.has(body.status)) return { operation: body, seconds: (Date.now() - since) / 1000 };
    if (Date.now() > deadline) {
      throw new Error(`${operationId} still ${body.status} after ${timeoutMs} ms: ${JSON.stringify(body)}`);
    }
    await sleep(200);
  }
}

async function expectSucceeded(gatewayUrl, key, accepted, what, timeoutMs) {
  const since = Date.now();
  if (accepted.status !== 202) throw new Error(`${what}: expected 202, got ${accepted.status}`);
  const { operation, seconds } = await awaitOperation(gatewayUrl, key, accepted.body.id, { since, timeoutMs });
  if (operation.status !== 'succeeded')
    throw new Error(`${what} ended ${operation.status}: ${JSON.stringify(operation)}`);
  return { operation, seconds };
}

/** Register where the SPS simulator sends callbacks, as a partner would in the SPS developer hub. */
async function registerSpsCallback(spsUrl, callbackUrl) {
  const basic = btoa(`${simulatorCredentials.spsClientId}:${simulatorCredentials.spsClientSecret}`);
  const tokenResponse = await fetch(`${spsUrl}/oauth2/token`, {
    method: 'POST',
    headers: { authorization: `Basic ${basic}`, 'content-type': 'application/x-www-form-urlencoded' },
    body: 'grant_type=client_credentials',
  });
  if (!tokenResponse.ok) throw new Error(`SPS simulator token: ${tokenResponse.status} ${await tokenResponse.text()}`);
  const token = { body: await tokenResponse.json() };
  await call(spsUrl, 'PUT', '/admin/callback', {
    key: token.body.access_token,
    body: { url: callbackUrl, auth: { type: 'HmacSha256', secret: simulatorCredentials.spsCallbackSecret } },
  });
}

/**
 * Drive the flow; returns figures for the report line. `stnActivationLimitSeconds` bounds the polled sTN
 * activation (the workerd test uses it to prove the alarm path: no cron minute is waited for).
 */
export async function driveLines({ gatewayUrl, stnUrl, spsUrl, stnActivationLimitSeconds = 60 }) {
  const runId = Date.now().toString(36);
  const created = await call(gatewayUrl, 'POST', '/v1/tenants', {
    key: adminKey,
    body: { name: `runtime smoke ${runId}` },
    expect: 201,
  });
  const tenantId = created.body.tenant.id;
  const key = created.body.apiKey.key;
  await call(gatewayUrl, 'PUT', `/v1/tenants/${tenantId}/carrier-connections/stn`, {
    key: adminKey,
    body: {
      carrier: 'stn',
      isDefault: true,
      config: { baseUrl: stnUrl, apiKey: simulatorCredentials.stnApiKey },
    },
  });
  const sps = await call(gatewayUrl, 'PUT', `/v1/tenants/${tenantId}/carrier-connections/sps`, {
    key: adminKey,
    body: {
      carrier: 'sps',
      config: {
        baseUrl: spsUrl,
        clientId: simulatorCredentials.spsClientId,
        clientSecret: simulatorCredentials.spsClientSecret,
        callbackSecret: simulatorCredentials.spsCallbackSecret,
      },
    },
  });
  await registerSpsCallback(spsUrl, `${gatewayUrl}/v1/callbacks/sps/${sps.body.id}`);

  // sTN: results are polled.
  const sims = await call(gatewayUrl, 'GET', '/v1/sim-cards?carrier=stn&status=available&limit=1', { key });
  const iccid = sims.body.data[0]?.iccid;
  if (!iccid) throw new Error(`no free sTN SIM: ${JSON.stringify(sims.body)}`);
  const stnActivation = await expectSucceeded(
    gatewayUrl,
    key,
    await call(gatewayUrl, 'POST', '/v1/subscriptions', {
      key,
      headers: { 'idempotency-key': `smoke-stn-${runId}` },
      body: { carrier: 'stn', sim: { type: 'physical', iccid: String(iccid) }, services: { voicemail: true } },
    }),
    'sTN activation',
    stnActivationLimitSeconds * 1000,
  );
  const stnLine = stnActivation.operation.subscriptionId;
  const stnSuspend = await expectSucceeded(
    gatewayUrl,
    key,
    await call(gatewayUrl, 'POST', `/v1/subscriptions/${stnLine}/suspend`, {
      key,
      headers: { 'idempotency-key': `smoke-stn-suspend-${runId}` },
      body: { reason: 'runtime smoke test' },
    }),
    'sTN suspend',
    60_000,
  );
  const stnView = await call(gatewayUrl, 'GET', `/v1/subscriptions/${stnLine}`, { key });
  if (stnView.body.status !== 'suspended') throw new Error(`sTN line is ${stnView.body.status}, not suspended`);

  // SPS: results come by signed callback (polling is only a safety net, a minute later).
  const location = { addressLine1: '9601 S Meridian Blvd', city: 'Englewood', state: 'CO', zipCode: '80112' };
  const eid = `8904903200000100000000${String(Date.now() % 1_000_000).padStart(6, '0')}01`;
  const spsActivation = await expectSucceeded(
    gatewayUrl,
    key,
    await call(gatewayUrl, 'POST', '/v1/subscriptions', {
      key,
      headers: { 'idempotency-key': `smoke-sps-${runId}` },
      body: { carrier: 'sps', sim: { type: 'esim', eid }, plan: 'Plan001', carrierOptions: { sps: { location } } },
    }),
    'SPS activation',
    50_000,
  );
  const attempts = await call(gatewayUrl, 'GET', `/v1/operations/${spsActivation.operation.id}/attempts`, { key });
  const phases = attempts.body.data.map((attempt) => attempt.phase);
  if (phases.includes('poll')) throw new Error(`the SPS activation was polled, not called back: ${phases.join(', ')}`);
  const spsLine = spsActivation.operation.subscriptionId;
  const spsSuspend = await expectSucceeded(
    gatewayUrl,
    key,
    await call(gatewayUrl, 'POST', `/v1/subscriptions/${spsLine}/suspend`, {
      key,
      headers: { 'idempotency-key': `smoke-sps-suspend-${runId}` },
      body: {},
    }),
    'SPS suspend',
    50_000,
  );
  const seconds = (value) => `${value.seconds.toFixed(1)}s`;
  return [
    `sTN activate ${seconds(stnActivation)}`,
    `suspend ${seconds(stnSuspend)}`,
    `SPS activate ${seconds(spsActivation)} by callback`,
    `suspend ${seconds(spsSuspend)}`,
  ].join(', ');
}
