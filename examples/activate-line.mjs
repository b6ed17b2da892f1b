// Activate a line in the sandbox with the SDK, wait for it, and verify the signed webhook that says it is live.
// With the gateway running (`npm start`):  node examples/activate-line.mjs   (GATEWAY_URL and API_KEY override)
import { once } from 'node:events';
import { createServer } from 'node:http';
import { createGatewayClient, unwrap, verifyWebhook } from 'mvno-gateway/client';

const gateway = createGatewayClient({
  baseUrl: process.env.GATEWAY_URL ?? 'http://127.0.0.1:8080',
  apiKey: process.env.API_KEY ?? 'sk_sandbox_mvno_gateway',
});

// 1. A webhook receiver, and an endpoint pointing at it. The endpoint's secret is in this answer only.
let resolveActivated;
const activated = new Promise((resolve) => {
  resolveActivated = resolve;
});
const receiver = createServer(async (request, response) => {
  let body = '';
  for await (const chunk of request) body += chunk;
  try {
    const event = await verifyWebhook(body, request.headers, endpoint.secret); // throws unless signed by the gateway
    response.writeHead(204).end();
    if (event.type === 'subscription.activated') resolveActivated(event);
  } catch {
    response.writeHead(400).end();
  }
});
await once(receiver.listen(0, '127.0.0.1'), 'listening');
const endpoint = await unwrap(
  gateway.POST('/v1/webhook-endpoints', {
    body: { url: `http://127.0.0.1:${receiver.address().port}/hooks`, eventTypes: ['subscription.activated'] },
  }),
);

// 2. A free SIM of the sTN simulator, activated: 202, and the answer is the Operation.
const sims = await unwrap(
  gateway.GET('/v1/sim-cards', { params: { query: { carrier: 'stn', status: 'available', limit: 1 } } }),
);
const iccid = sims.data[0].iccid;
const accepted = await unwrap(
  gateway.POST('/v1/subscriptions', {
    body: { carrier: 'stn', sim: { type: 'physical', iccid }, services: { voicemail: true } },
    headers: { 'Idempotency-Key': `activate-${iccid}` },
  }),
);

// 3. Wait for the carrier to finish, then for the webhook.
const operation = await gateway.waitForOperation(accepted.id, { timeoutMs: 60_000 });
const event = await activated;
receiver.close();
console.log(
  JSON.stringify({
    operation: operation.status,
    msisdn: operation.result?.msisdn,
    webhook: event.type,
    line: event.data.subscription.status,
  }),
);
