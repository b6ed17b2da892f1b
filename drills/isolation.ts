/**
 * isolation, forged callbacks, SSRF, secrets. Tenant B's key on every tenant-A resource route (zero successes, and
 * lists show nothing of A); unsigned, wrongly signed, stale, cross-tenant and replayed SPS callbacks (zero state
 * changes; a replay is refused before and after a restart); webhook targets on loopback and private ranges (all
 * refused at registration — nothing is ever sent to them: the tenant registering them has no events, and an accepted
 * one is deleted at once); a connection referencing ADMIN_API_KEY (refused); and every secret the drill used counted
 * in the gateway's logs, attempt records, simulator ledgers, everything the drill's own servers received, and every
 * response body but the one that issued the secret (zero).
 */
import { createHash, createHmac } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { activationBody, awaitOperations } from './lib/activations.js';
import { type CaptureServer, startCaptureServer } from './lib/capture-server.js';
import { Checks, type Drill, type DrillResult, randomHex } from './lib/drill.js';
import { GatewayProcess } from './lib/gateway.js';
import { type CallOptions, call, type Reply, sleep, waitFor } from './lib/http.js';
import { freePort } from './lib/ports.js';
import { SimulatorProcess } from './lib/simulators.js';
import { createTenant, type OperationView, putConnection, type Tenant } from './lib/tenants.js';

/** How the operator lets webhooks reach loopback (the drill's own receiver) in the first phase; `NAME=value,…`. */
const webhookAllowEnv = Object.fromEntries(
  (process.env.DRILLS_WEBHOOK_ALLOW_ENV ?? 'WEBHOOK_ALLOW_PRIVATE_TARGETS=true')
    .split(',')
    .filter(Boolean)
    .map((pair) => pair.split('=', 2) as [string, string]),
);

/** Registration only: refused by the gateway, never contacted by anyone. */
function privateTargets(loopbackPort: number): string[] {
  return [
    `http://127.0.0.1:${loopbackPort}/ssrf`,
    'http://10.0.0.1/hook',
    'http://169.254.169.254/latest/meta-data/',
    `http://[::1]:${loopbackPort}/ssrf`,
    'http://192.168.1.1/hook',
    `http://localhost:${loopbackPort}/ssrf`,
    `http://0.0.0.0:${loopbackPort}/ssrf`,
    'http://172.16.0.1/hook',
    `http://[::ffff:127.0.0.1]:${loopbackPort}/ssrf`,
    'http://[fe80::1]/hook',
    'http://[fd00::1]/hook',
    `http://127.1:${loopbackPort}/ssrf`,
  ];
}

function sign(secret: string, timestamp: number, body: string): string {
  return createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
}

const nowSeconds = () => Math.floor(Date.now() / 1000);

async function run(): Promise<DrillResult> {
  const name = 'isolation';
  const logDir = mkdtempSync(join('/tmp', 'drills-isolation-'));
  const checks = new Checks();
  const secrets = new Map<string, string>();
  const remember = (label: string, value: string) => {
    secrets.set(label, value);
    return value;
  };
  const adminKey = remember('ADMIN_API_KEY', `admin-drill-${randomHex()}`);
  const stnKey = remember('sTN API key', `stn-drill-${randomHex()}`);
  const spsSecret = remember('SPS client secret', `sps-secret-${randomHex()}`);
  const callbackSecretA = remember('SPS callback secret (A)', `sps-callback-a-${randomHex()}`);
  const callbackSecretSlow = remember('SPS callback secret (A slow)', `sps-callback-s-${randomHex()}`);
  const callbackSecretB = remember('SPS callback secret (B)', `sps-callback-b-${randomHex()}`);
  const referencedSecret = remember('CARRIER_ env secret', stnKey);
  const gatewayPort = await freePort();
  const dataDir = join(logDir, 'data');
  const baseEnv = {
    ADMIN_API_KEY: adminKey,
    DATA_DIR: dataDir,
    CARRIER_DRILL_STN_KEY: referencedSecret,
    LOG_LEVEL: 'debug',
  };
  const gateway = new GatewayProcess({ port: gatewayPort, logDir, env: { ...baseEnv, ...webhookAllowEnv } });
  const restarted = new GatewayProcess({ port: gatewayPort, logDir, env: baseEnv, name: 'gateway-after-restart' });
  let live = gateway;
  const stn = new SimulatorProcess('stn', await freePort(), ['--api-key', stnKey, '--delay-ms', '100'], logDir);
  let capture: CaptureServer | undefined;
  let fast: SimulatorProcess | undefined;
  let slow: SimulatorProcess | undefined;
  /** Response bodies searched for secrets: all but the answers that issue one. */
  const bodies: string[] = [];
  const api = async (method: string, path: string, options: CallOptions & { issuesSecret?: boolean } = {}) => {
    const reply = await call(live.baseUrl, method, path, options);
    if (!options.issuesSecret) bodies.push(`${method} ${path} → ${reply.status} ${reply.text}`);
    return reply;
  };
  const figures: string[] = [];
  try {
    capture = await startCaptureServer();
    await Promise.all([stn.start(), gateway.start()]);
    capture.relayTo = gateway.baseUrl;
    const tenantA = await createTenant(gateway.baseUrl, adminKey, 'tenant A');
    const tenantB = await createTenant(gateway.baseUrl, adminKey, 'tenant B');
    const tenantC = await createTenant(gateway.baseUrl, adminKey, 'tenant C (webhook targets)');
    const tenantD = await createTenant(gateway.baseUrl, adminKey, 'tenant D (env references)');
    for (const [label, tenant] of Object.entries({ A: tenantA, B: tenantB, C: tenantC, D: tenantD })) {
      remember(`API key of ${label}`, tenant.apiKey);
    }
    const fastPort = await freePort();
    const slowPort = await freePort();
    const spsConfig = (port: number, callbackSecret: string) => ({
      baseUrl: `http://127.0.0.1:${port}`,
      clientId: 'isolation-drill',
      clientSecret: spsSecret,
      callbackSecret,
    });
    await putConnection(
      gateway.baseUrl,
      adminKey,
      tenantA.id,
      'stn',
      'stn',
      { baseUrl: stn.baseUrl, apiKey: stnKey },
      true,
    );
    const fastId = await putConnection(
      gateway.baseUrl,
      adminKey,
      tenantA.id,
      'sps',
      'sps',
      spsConfig(fastPort, callbackSecretA),
    );
    const slowId = await putConnection(
      gateway.baseUrl,
      adminKey,
      tenantA.id,
      'spsslow',
      'sps',
      spsConfig(slowPort, callbackSecretSlow),
    );
    await putConnection(
      gateway.baseUrl,
      adminKey,
      tenantB.id,
      'stn',
      'stn',
      { baseUrl: stn.baseUrl, apiKey: stnKey },
      true,
    );
    const bSpsId = await putConnection(
      gateway.baseUrl,
      adminKey,
      tenantB.id,
      'sps',
      'sps',
      spsConfig(fastPort, callbackSecretB),
    );
    const simulatorArgs = (callbackUrl: string, callbackSecret: string, delayMs: number) => [
      ...['--client-id', 'isolation-drill', '--client-secret', spsSecret, '--delay-ms', String(delayMs)],
      ...['--callback-url', callbackUrl, '--callback-secret', callbackSecret, '--sims', '5'],
    ];
    // The fast simulator calls back through the capture server (so a genuine callback can be replayed); the slow one
    // keeps its transaction open for ten minutes, so forged "it succeeded" callbacks have something to change.
    fast = new SimulatorProcess(
      'sps',
      fastPort,
      simulatorArgs(`${capture.baseUrl}/callback/${fastId}`, callbackSecretA, 300),
      logDir,
      'simulator-sps-fast',
    );
    slow = new SimulatorProcess(
      'sps',
      slowPort,
      simulatorArgs(`${gateway.baseUrl}/v1/callbacks/sps/${slowId}`, callbackSecretSlow, 600_000),
      logDir,
      'simulator-sps-slow',
    );
    await Promise.all([fast.start(), slow.start()]);

    // Tenant A's resources.
    const keyA = { key: tenantA.apiKey };
    const webhook = await api('POST', '/v1/webhook-endpoints', {
      ...keyA,
      body: { url: `${capture.baseUrl}/hook` },
      issuesSecret: true,
    });
    let webhookId: string | undefined;
    if (webhook.status === 201) {
      const created = webhook.json as { id: string; secret: string };
      webhookId = created.id;
      remember('webhook secret', created.secret);
    } else {
      figures.push(`(loopback webhook refused in phase 1 with ${webhook.status}: set DRILLS_WEBHOOK_ALLOW_ENV)`);
    }
    const spare = (await api('POST', '/v1/api-keys', { ...keyA, body: { label: 'spare' }, issuesSecret: true }))
      .json as {
      id: string;
      key: string;
    };
    remember('API key of A (spare)', spare.key);
    const stnIccids = await stn.freeSims();
    const activate = async (tenant: Tenant, carrier: 'stn' | 'sps', connection: string, iccid: string) => {
      const body = { ...activationBody(carrier, iccid, `iso-${randomHex(3)}`), carrier: connection };
      const reply = await api('POST', '/v1/subscriptions', {
        key: tenant.apiKey,
        body,
        headers: { 'idempotency-key': randomHex() },
      });
      if (reply.status !== 202)
        throw new Error(`activation on ${connection} answered ${reply.status}: ${reply.text.slice(0, 300)}`);
      return reply.json as OperationView;
    };
    const a1 = await activate(tenantA, 'stn', 'stn', stnIccids[0] as string);
    const a2 = await activate(tenantA, 'sps', 'sps', (await fast.freeSims())[0] as string);
    const a3Iccid = (await slow.freeSims())[0] as string;
    const a3 = await activate(tenantA, 'sps', 'spsslow', a3Iccid);
    const b1 = await activate(tenantB, 'stn', 'stn', stnIccids[1] as string);
    const done = await awaitOperations(gateway.baseUrl, tenantA.apiKey, [a1.id, a2.id], 30_000);
    for (const operation of [a1, a2]) {
      if (done.get(operation.id)?.status !== 'succeeded') throw new Error(`activation ${operation.id} did not succeed`);
    }
    await waitFor('the slow SPS activation to be submitted', 30_000, async () => {
      const view = (await call(gateway.baseUrl, 'GET', `/v1/operations/${a3.id}`, keyA)).json as OperationView;
      return view.status === 'submitted' ? true : undefined;
    });
    let deliveryId = 'dlv_none';
    if (webhookId) {
      deliveryId = await waitFor('a webhook delivery', 20_000, async () => {
        const page = (await api('GET', `/v1/webhook-endpoints/${webhookId}/deliveries`, keyA)).json as {
          data?: Array<{ id: string }>;
        };
        return page.data?.[0]?.id;
      }).catch(() => 'dlv_none');
    }

    // Forged callbacks. The template is the genuine notification the fast simulator sent for A2.
    const genuine = capture.callbacks.find((captured) => captured.relayedStatus === 200);
    if (!genuine) throw new Error('no genuine SPS callback was relayed to the gateway');
    const template = JSON.parse(genuine.body) as Record<string, unknown>;
    const forgedBody = JSON.stringify({
      ...template,
      partnerTransactionId: a3.id,
      subscriberId: a3.subscriptionId,
      iccid: a3Iccid,
      gpsi: '19455559999',
      eventId: `EVTDRILL${randomHex(3)}`,
    });
    const snapshot = async () => {
      const operation = (await api('GET', `/v1/operations/${a3.id}`, keyA)).json as OperationView;
      const subscription = (await api('GET', `/v1/subscriptions/${a3.subscriptionId}`, keyA)).json as Record<
        string,
        unknown
      >;
      return JSON.stringify([
        operation.status,
        operation.carrierStatus,
        operation.completedAt,
        subscription.status,
        subscription.msisdn,
      ]);
    };
    const before = await snapshot();
    const postCallback = (path: string, body: string, headers: Record<string, string>) =>
      api('POST', path, { rawBody: body, headers: { 'content-type': 'application/json', ...headers } });
    const signed = (secret: string, body: string, timestamp = nowSeconds()) => ({
      'x-sps-timestamp': String(timestamp),
      'x-sps-signature': sign(secret, timestamp, body),
    });
    const slowPath = `/v1/callbacks/sps/${slowId}`;
    const forgeries: Array<[string, () => Promise<Reply>, boolean]> = [
      ['unsigned', () => postCallback(slowPath, forgedBody, {}), false],
      ['wrong secret', () => postCallback(slowPath, forgedBody, signed(`wrong-${randomHex()}`, forgedBody)), false],
      [
        'stale',
        () => postCallback(slowPath, forgedBody, signed(callbackSecretSlow, forgedBody, nowSeconds() - 3600)),
        false,
      ],
      [
        'future',
        () => postCallback(slowPath, forgedBody, signed(callbackSecretSlow, forgedBody, nowSeconds() + 3600)),
        false,
      ],
      [
        'signature of another body',
        () => postCallback(slowPath, forgedBody, signed(callbackSecretSlow, `${forgedBody} `)),
        false,
      ],
      [
        "signed with tenant B's secret",
        () => postCallback(slowPath, forgedBody, signed(callbackSecretB, forgedBody)),
        false,
      ],
      [
        "B's own connection naming A's operation",
        () => postCallback(`/v1/callbacks/sps/${bSpsId}`, forgedBody, signed(callbackSecretB, forgedBody)),
        true,
      ],
      [
        'the sTN path of an SPS connection',
        () => postCallback(`/v1/callbacks/stn/${slowId}`, forgedBody, signed(callbackSecretSlow, forgedBody)),
        false,
      ],
      [
        'an unknown connection',
        () => postCallback('/v1/callbacks/sps/cc_unknown', forgedBody, signed(callbackSecretSlow, forgedBody)),
        false,
      ],
    ];
    let forgedAccepted = 0;
    for (const [label, send, mayAnswer2xx] of forgeries) {
      const reply = await send();
      if (reply.status >= 500) checks.fail(`forged callback (${label}) answered ${reply.status}`);
      if (!mayAnswer2xx && reply.status < 300) {
        forgedAccepted++;
        checks.fail(`forged callback (${label}) was accepted: ${reply.status} ${reply.text.slice(0, 100)}`);
      }
    }
    const replayGenuine = () =>
      postCallback(`/v1/callbacks/sps/${fastId}`, genuine.body, {
        'x-sps-timestamp': genuine.headers['x-sps-timestamp'] ?? '',
        'x-sps-signature': genuine.headers['x-sps-signature'] ?? '',
      });
    const replaysBefore = [await replayGenuine()];
    await sleep(1500); // an engine tick, had anything been applied
    const afterForgeries = await snapshot();
    const stateChanges = afterForgeries === before ? 0 : 1;
    checks.check(stateChanges === 0, `forged callbacks changed operation ${a3.id}: ${before} → ${afterForgeries}`);

    // Positive control: the same notification properly signed is applied, so the refusals above mean something.
    const controlHeaders = signed(callbackSecretSlow, forgedBody);
    const control = await postCallback(slowPath, forgedBody, controlHeaders);
    const applied = await waitFor('the signed callback to finish A3', 15_000, async () => {
      const view = (await call(gateway.baseUrl, 'GET', `/v1/operations/${a3.id}`, keyA)).json as OperationView;
      return view.status === 'succeeded' ? true : undefined;
    }).catch(() => false);
    checks.check(
      control.status === 200 && applied,
      `a correctly signed callback was not applied (${control.status}): the forgery checks prove nothing`,
    );
    replaysBefore.push(await postCallback(slowPath, forgedBody, controlHeaders));
    const refusedBefore = replaysBefore.filter((reply) => reply.status >= 400 && reply.status < 500).length;
    checks.check(
      refusedBefore === replaysBefore.length,
      `${replaysBefore.length - refusedBefore} replayed callbacks accepted before a restart`,
    );

    // A restart (the replay guard must survive it), without the loopback allowance for webhooks.
    await gateway.stop();
    await restarted.start();
    live = restarted;
    const replaysAfter = [await replayGenuine(), await postCallback(slowPath, forgedBody, controlHeaders)];
    const refusedAfter = replaysAfter.filter((reply) => reply.status >= 400 && reply.status < 500).length;
    checks.check(
      refusedAfter === replaysAfter.length,
      `${replaysAfter.length - refusedAfter} replayed callbacks accepted after a restart (${replaysAfter.map((reply) => reply.status).join(', ')})`,
    );

    // Webhook targets on loopback and private ranges: tenant C has no connection, hence no events and no deliveries.
    const targets = privateTargets(capture.port);
    let ssrfAccepted = 0;
    for (const url of targets) {
      const reply = await api('POST', '/v1/webhook-endpoints', {
        key: tenantC.apiKey,
        body: { url, eventTypes: ['subscription.ported_out'] },
        issuesSecret: true,
      });
      if (reply.status < 300) {
        ssrfAccepted++;
        const created = reply.json as { id: string; secret?: string };
        await api('DELETE', `/v1/webhook-endpoints/${created.id}`, { key: tenantC.apiKey });
        checks.fail(`webhook target ${url} accepted (${reply.status}); deleted again`);
      } else if (reply.status >= 500) {
        checks.fail(`webhook target ${url} answered ${reply.status}`);
      } else {
        bodies.push(reply.text);
      }
    }

    // A connection may reference only CARRIER_* variables: ADMIN_API_KEY is refused, CARRIER_DRILL_STN_KEY works.
    const envLeak = await api('PUT', `/v1/tenants/${tenantD.id}/carrier-connections/envleak`, {
      key: adminKey,
      body: {
        carrier: 'stn',
        config: { baseUrl: `${capture.baseUrl}/sink`, apiKey: { env: 'ADMIN_API_KEY' } },
        isDefault: false,
      },
    });
    const envRefused = envLeak.status >= 400 && envLeak.status < 500;
    checks.check(envRefused, `a connection referencing ADMIN_API_KEY was stored (${envLeak.status})`);
    if (!envRefused) {
      // Show what it costs: the gateway calls the admin's URL (our sink, on loopback) with the referenced value.
      await activate(tenantD, 'stn', 'envleak', stnIccids[2] as string).catch(() => undefined);
      await sleep(2500);
    }
    const envOk = await api('PUT', `/v1/tenants/${tenantD.id}/carrier-connections/envok`, {
      key: adminKey,
      body: {
        carrier: 'stn',
        config: { baseUrl: stn.baseUrl, apiKey: { env: 'CARRIER_DRILL_STN_KEY' } },
        isDefault: true,
      },
    });
    checks.check(envOk.status === 200, `a connection referencing CARRIER_DRILL_STN_KEY was refused (${envOk.status})`);
    const d1 = envOk.status === 200 ? await activate(tenantD, 'stn', 'envok', stnIccids[3] as string) : undefined;

    // Tenant B's key on every route that names a tenant-A resource.
    const keyB = { key: tenantB.apiKey };
    const document = (await call(live.baseUrl, 'GET', '/openapi.json')).json as {
      paths: Record<string, Record<string, unknown>>;
    };
    const idFor = (template: string, parameter: string): string => {
      if (parameter === 'deliveryId') return deliveryId;
      if (template.startsWith('/v1/subscriptions')) return a1.subscriptionId;
      if (template.startsWith('/v1/operations')) return a1.id;
      if (template.startsWith('/v1/webhook-endpoints')) return webhookId ?? 'we_none';
      if (template.startsWith('/v1/api-keys')) return spare.id;
      return 'none';
    };
    const bodyFor = (template: string, method: string): unknown => {
      if (method === 'get' || method === 'delete') return undefined;
      if (template.endsWith('/sim-swap')) return { sim: { type: 'physical', iccid: stnIccids[4] } };
      if (template.endsWith('/services')) return { services: { voicemail: true } };
      if (template.endsWith('/plan')) return { plan: 'SP16002' };
      if (template === '/v1/operations/{id}' && method === 'patch')
        return { portAt: new Date(Date.now() + 7 * 86_400_000).toISOString() };
      return {};
    };
    let crossTenant = 0;
    let crossTenantSucceeded = 0;
    for (const [template, methods] of Object.entries(document.paths)) {
      if (!template.includes('{') || template.startsWith('/v1/tenants') || template.startsWith('/v1/callbacks'))
        continue;
      for (const method of Object.keys(methods)) {
        const path = template.replace(/\{(\w+)\}/g, (_, parameter: string) => idFor(template, parameter));
        const body = bodyFor(template, method);
        const reply = await api(method.toUpperCase(), path, {
          ...keyB,
          ...(body !== undefined ? { body } : {}),
          headers: method === 'get' || method === 'delete' ? {} : { 'idempotency-key': randomHex() },
        });
        crossTenant++;
        if (reply.status < 300 || reply.status >= 500) {
          crossTenantSucceeded += reply.status < 300 ? 1 : 0;
          checks.fail(`tenant B's key: ${method.toUpperCase()} ${template} answered ${reply.status}`);
        }
      }
    }
    const aIds = [
      a1.id,
      a2.id,
      a3.id,
      a1.subscriptionId,
      a2.subscriptionId,
      a3.subscriptionId,
      spare.id,
      tenantA.id,
      fastId,
      slowId,
      stnIccids[0] as string,
      a3Iccid,
    ];
    if (webhookId) aIds.push(webhookId);
    const lists = [
      '/v1/subscriptions',
      `/v1/subscriptions?iccid=${stnIccids[0]}`,
      '/v1/operations',
      `/v1/operations?subscriptionId=${a1.subscriptionId}`,
      '/v1/events?limit=500',
      '/v1/webhook-endpoints',
      '/v1/api-keys',
      '/v1/carriers',
    ];
    let leakingLists = 0;
    for (const path of lists) {
      const reply = await api('GET', path, keyB);
      const leaked = aIds.filter((id) => reply.text.includes(id));
      if (reply.status !== 200 || leaked.length > 0) {
        leakingLists++;
        checks.fail(
          `tenant B's ${path} answered ${reply.status}${leaked.length ? ` and shows tenant A's ${leaked.join(', ')}` : ''}`,
        );
      }
    }
    const bListedOwn = (await api('GET', '/v1/operations', keyB)).text.includes(b1.id);
    checks.check(bListedOwn, "tenant B's operation list lacks its own operation (the list check proves nothing)");
    // Administration (every /v1/tenants route in the document) is for the admin key alone.
    for (const [template, methods] of Object.entries(document.paths)) {
      if (!template.startsWith('/v1/tenants')) continue;
      for (const method of Object.keys(methods)) {
        const path = template.replace('{tenantId}', tenantA.id).replace('{name}', 'stolen');
        const body = template.endsWith('carrier-connections/{name}')
          ? { carrier: 'stn', config: { baseUrl: stn.baseUrl, apiKey: 'stolen-key' } }
          : template.endsWith('/api-keys')
            ? { label: 'stolen' }
            : { name: 'stolen' };
        const reply = await api(method.toUpperCase(), path, { ...keyB, ...(method === 'get' ? {} : { body }) });
        if (reply.status !== 401 && reply.status !== 403) {
          checks.fail(`tenant B's key on ${method.toUpperCase()} ${template} answered ${reply.status}`);
        }
      }
    }
    // A is as it was: its line active, its key working, its endpoint there.
    const a1Now = (await api('GET', `/v1/subscriptions/${a1.subscriptionId}`, keyA)).json as { status?: string };
    checks.check(a1Now.status === 'active', `tenant A's line is ${a1Now.status} after tenant B's requests`);
    checks.check(
      (await api('GET', '/v1/api-keys', { key: spare.key })).status === 200,
      "tenant A's spare key stopped working",
    );
    if (webhookId) {
      const endpoints = (await api('GET', '/v1/webhook-endpoints', keyA)).text;
      checks.check(endpoints.includes(webhookId), "tenant A's webhook endpoint is gone");
    }

    // Failed inserts with secrets among their parameters (PostgreSQL refuses NUL): the error log must not carry them.
    const nulSecret = remember('sTN API key (refused insert)', `stn-nul-${randomHex()}`);
    await api('PUT', `/v1/tenants/${tenantD.id}/carrier-connections/nul`, {
      key: adminKey,
      body: { carrier: 'stn', config: { baseUrl: stn.baseUrl, apiKey: `${nulSecret}\u0000` } },
    });
    await api('POST', '/v1/webhook-endpoints', {
      key: tenantD.apiKey,
      body: { url: `${capture.baseUrl}/hook`, description: 'a\u0000b' },
      issuesSecret: true,
    });
    // Key hashes never leave the database; key prefixes are shown in key lists but are not logged.
    const logOnly = new Map<string, string>();
    for (const [label, secret] of [...secrets].filter(([label]) => label.startsWith('API key of'))) {
      secrets.set(`hash of the ${label}`, createHash('sha256').update(secret).digest('hex'));
    }
    for (const tenant of [tenantA, tenantB, tenantC, tenantD]) {
      const listed = (await call(live.baseUrl, 'GET', '/v1/api-keys', { key: tenant.apiKey })).json as {
        data?: Array<{ prefix?: string }>;
      };
      for (const key of listed.data ?? [])
        if (key.prefix && key.prefix.length >= 8) logOnly.set(`API key prefix ${key.prefix.slice(0, 6)}…`, key.prefix);
    }

    // Secrets: where they must never appear.
    const attempts: string[] = [];
    for (const [tenant, ids] of [
      [tenantA, [a1.id, a2.id, a3.id]],
      [tenantB, [b1.id]],
      [tenantD, d1 ? [d1.id] : []],
    ] as const) {
      for (const id of ids)
        attempts.push((await api('GET', `/v1/operations/${id}/attempts`, { key: tenant.apiKey })).text);
    }
    const ledgers = [];
    for (const simulator of [stn, fast, slow]) ledgers.push(JSON.stringify(await simulator.ledger()));
    await restarted.stop();
    const logs = readdirSync(logDir)
      .filter((file) => file.startsWith('gateway'))
      .map((file) => readFileSync(join(logDir, file), 'utf8'));
    const received = [...capture.callbacks, ...capture.webhooks, ...capture.other].map((captured) =>
      JSON.stringify(captured),
    );
    const places: Record<string, string[]> = { logs, attempts, ledgers, 'received by the drill': received, bodies };
    const counts: Record<string, number> = {};
    for (const [place, texts] of Object.entries(places)) {
      counts[place] = 0;
      for (const [label, secret] of secrets) {
        const found = texts.reduce((sum, text) => sum + text.split(secret).length - 1, 0);
        if (found > 0) {
          counts[place] += found;
          checks.fail(`${label} appears ${found}× in ${place}`);
        }
      }
      // Webhook secrets the drill never saw (a refused insert's) are found by their shape.
      const webhookSecrets = texts.reduce(
        (sum, text) => sum + (text.match(/whsec_[A-Za-z0-9+/=_-]{8,}/g)?.length ?? 0),
        0,
      );
      if (webhookSecrets > 0) {
        counts[place] += webhookSecrets;
        checks.fail(`${webhookSecrets} whsec_… strings appear in ${place}`);
      }
      if (place === 'logs') {
        for (const [label, prefix] of logOnly) {
          const found = texts.reduce((sum, text) => sum + text.split(prefix).length - 1, 0);
          if (found > 0) {
            counts[place] += found;
            checks.fail(`${label} appears ${found}× in logs`);
          }
        }
      }
    }
    const line =
      `${name}: ${crossTenant} cross-tenant requests (${crossTenantSucceeded} succeeded), ${leakingLists} of ${lists.length} lists leaking, ` +
      `${forgeries.length} forged callbacks (${forgedAccepted} accepted, ${stateChanges} state changes), ` +
      `replays refused ${refusedBefore}/${replaysBefore.length} before and ${refusedAfter}/${replaysAfter.length} after a restart, ` +
      `${targets.length} private webhook targets (${ssrfAccepted} accepted), ADMIN_API_KEY reference ${envRefused ? 'refused' : 'accepted'}, ` +
      `${secrets.size} secrets: ${Object.entries(counts)
        .map(([place, count]) => `${count} in ${place}`)
        .join(', ')}` +
      (figures.length ? ` ${figures.join(' ')}` : '');
    return { name, line, failures: checks.failures, logDir };
  } catch (error) {
    checks.fail(`drill aborted: ${error instanceof Error ? error.message : String(error)}`);
    return { name, line: `${name}: aborted`, failures: checks.failures, logDir };
  } finally {
    await gateway.stop().catch(() => {});
    await restarted.stop().catch(() => {});
    await Promise.all([stn.stop(), fast?.stop(), slow?.stop()].map((stop) => stop?.catch(() => {})));
    await capture?.close();
  }
}

export const isolationDrill: Drill = {
  name: 'isolation',
  aliases: ['isolation', 'security', 'secrets'],
  run: async () => [await run()],
};
