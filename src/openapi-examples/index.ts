/**
 * Examples for /openapi.json, copied from what the sandbox really answered (ids, ICCIDs and carrier references
 * are the simulators' own). test/api/openapi.test.ts validates each one against the schema it illustrates, so
 * an example cannot drift from the contract unnoticed.
 *
 * They are documentation about particular carriers (sTN, SPS), so they live here and not in src/http: the HTTP
 * layer, the core and the runtime name no carrier (test/contract/no-carrier-named.test.ts). Data only: this module
 * imports nothing, so it loads on every runtime.
 */
const operationId = 'op_01m8s824np001qr321h6c27wgw';
const subscriptionId = 'sub_01m8s824np000vt4kq4h2e1sxa';
const createdAt = '2026-12-01T16:47:29.461Z';
const completedAt = '2026-12-01T16:47:31.270Z';
const links = { self: `/v1/operations/${operationId}`, subscription: `/v1/subscriptions/${subscriptionId}` };

export const spsLocation = {
  addressLine1: '9601 S Meridian Blvd',
  city: 'Englewood',
  state: 'CO',
  zipCode: '80112',
};

export const requestExamples = {
  activatePhysical: {
    summary: 'sTN: activate a physical SIM with voicemail',
    value: {
      sim: { type: 'physical', iccid: '8931080040000000072' },
      services: { voicemail: true },
      externalReference: 'order-1042',
    },
  },
  activateSpsEsim: {
    summary: 'SPS: activate an eSIM by EID on a wholesale plan, at a service location',
    value: {
      connection: 'sps',
      sim: { type: 'esim', eid: '89049032000001000000000000001234' },
      plan: 'Plan001',
      carrierOptions: { sps: { location: spsLocation } },
    },
  },
  activateStnEsim: {
    summary: 'sTN: activate an eSIM, profile e-mailed to the user',
    value: {
      connection: 'stn',
      sim: { type: 'esim', deliveryEmail: 'jan@example.com', confirmationCode: '4821' },
    },
  },
  portIn: {
    summary: 'sTN: port a Dutch number in onto a physical SIM',
    value: {
      sim: { type: 'physical', iccid: '8931080040000000148' },
      portIn: { msisdn: '+31612345678', donorAccountNumber: '1000234', portAt: '2026-12-08T09:00:00+01:00' },
    },
  },
  suspend: { summary: 'Suspend for a lost phone', value: { reason: 'lost phone' } },
  resume: { summary: 'Resume', value: { reason: 'phone found' } },
  ceaseNow: { summary: 'Cease now', value: { reason: 'contract ended' } },
  ceaseDated: { summary: 'Cease at the end of the month (sTN)', value: { ceaseAt: '2026-12-31T23:59:00+01:00' } },
  reactivate: { summary: 'Reactivate (SPS)', value: { reason: 'customer returned' } },
  simSwapPhysical: {
    summary: 'Move the line to another physical SIM',
    value: { sim: { type: 'physical', iccid: '8931080040000000148' } },
  },
  simSwapEsim: {
    summary: 'Move the line to an eSIM (SPS, by EID)',
    value: { sim: { type: 'esim', eid: '89049032000001000000000000005678' } },
  },
  services: {
    summary: 'International calls on, voicemail off',
    value: { services: { internationalCalls: true, voicemail: false } },
  },
  plan: { summary: 'sTN: move to the other provider environment', value: { plan: 'SP16002' } },
  number: { summary: 'Let the carrier pick a new number (SPS)', value: {} },
  portOut: { summary: 'Port out on a date (sTN)', value: { portAt: '2026-12-15T09:00:00+01:00' } },
  changePortIn: {
    summary: 'Move a pending port-in to another day',
    value: { portAt: '2026-12-10T09:00:00+01:00' },
  },
  cancel: { summary: 'Cancel', value: { note: 'customer changed their mind' } },
  webhookEndpoint: {
    summary: 'Receive every operation and subscription event',
    value: { url: 'https://mvno.example.com/hooks/gateway', description: 'production' },
  },
  apiKey: { summary: 'A key for the billing service', value: { label: 'billing' } },
  tenant: { summary: 'A new tenant', value: { name: 'Acme Mobile' } },
  carrierConnection: {
    summary: 'Point a tenant at an sTN account; the key stays in the environment',
    value: {
      carrier: 'stn',
      config: { baseUrl: 'https://partner.stn.example/api', apiKey: { env: 'STN_API_KEY' } },
      isDefault: true,
    },
  },
} as const;

export const operationPending = {
  id: operationId,
  object: 'operation',
  kind: 'activate',
  status: 'pending',
  subscriptionId,
  carrierId: 'stn',
  carrierType: 'stn',
  targetOperationId: null,
  parentOperationId: null,
  progress: null,
  request: requestExamples.activatePhysical.value,
  correlationId: 'g3K69YAGM6QTCJG',
  carrierReference: null,
  carrierStatus: null,
  result: null,
  error: null,
  warnings: [],
  attempts: 0,
  scheduledFor: null,
  nextAttemptAt: createdAt,
  createdAt,
  updatedAt: createdAt,
  completedAt: null,
  links,
};

export const operationSucceeded = {
  ...operationPending,
  status: 'succeeded',
  carrierReference: 'fHESERZCxuCTZA4WX',
  carrierStatus: 'DONE',
  result: {
    esim: false,
    plan: 'SP16001',
    iccid: '8931080040000000072',
    msisdn: '+31621555929',
    services: { voicemail: true },
    carrierSubscriptionId: 'pkVUs7ctcTuzyTgRv',
  },
  attempts: 2,
  nextAttemptAt: null,
  updatedAt: completedAt,
  completedAt,
};

export const operationFailed = {
  ...operationPending,
  status: 'failed',
  carrierStatus: 'REJECTED',
  error: {
    type: 'https://mvno-gateway.dev/problems/carrier-rejected',
    title: 'The carrier rejected the request',
    status: 422,
    detail: 'The SIM card is already in use.',
    code: 'carrier_rejected',
    carrier: { id: 'stn', code: 'SIM_IN_USE', message: 'Simcard already in use', httpStatus: 400 },
  },
  attempts: 1,
  nextAttemptAt: null,
  updatedAt: completedAt,
  completedAt,
};

export const subscriptionActive = {
  id: subscriptionId,
  object: 'subscription',
  connection: 'stn',
  carrierId: 'stn',
  carrier: 'stn',
  carrierType: 'stn',
  carrierSubscriptionId: 'pkVUs7ctcTuzyTgRv',
  status: 'active',
  msisdn: '+31621555929',
  iccid: '8931080040000000072',
  esim: false,
  eid: null,
  imei: null,
  plan: 'SP16001',
  services: { voicemail: true },
  externalReference: 'order-1042',
  routedBy: { by: 'default' },
  porting: null,
  carrierHistory: [],
  version: 2,
  createdAt,
  updatedAt: completedAt,
};

export const eventActivated = {
  id: 'evt_01m8s826f1000rf3c2h3bhzv2k',
  sequence: 4,
  type: 'subscription.activated',
  subscriptionId,
  operationId,
  data: { subscription: subscriptionActive },
  createdAt: completedAt,
};

export const eventOperationSucceeded = {
  id: 'evt_01m8s826f1001b8wq0y4m2n1tz',
  sequence: 5,
  type: 'operation.succeeded',
  subscriptionId,
  operationId,
  data: { operation: operationSucceeded },
  createdAt: completedAt,
};

export const simCardAvailable = {
  iccid: '8931080040000000072',
  status: 'available',
  carrierStatus: 'FREE',
  type: 'USIM',
  msisdn: null,
  carrierSubscriptionId: null,
};

export const usageRecord = {
  period: '2026-12',
  type: 'data',
  quantity: 1963.66,
  unit: 'MB',
  raw: { id: 'ihNSs1pKXeIHz01sH', yearMonth: '2026_12', usageHomeData: 1963.66, quantityInBundleHomeData: 12000 },
};

export const cdr = {
  id: '65a19fa78000000000000011',
  at: '2026-12-03T09:08:59Z',
  type: 'voice',
  destination: '+31656682809',
  quantity: 163,
  unit: 'seconds',
  raw: { id: '65a19fa78000000000000011', description: 'Bellen naar mobiel', rateClass: 'N_MOBOV', volume: 163 },
};

export const invoice = {
  id: 'dSqypuCwqubmP2YDe',
  period: '2026-11',
  raw: {
    id: 'dSqypuCwqubmP2YDe',
    invoiceNumber: 'F2026116937',
    yearMonth: '2026_11',
    invoiceDate: '2026-12-05',
    amountInclVat: 699.11,
    currency: 'EUR',
  },
};

const problemBase = 'https://mvno-gateway.dev/problems/';
const instance = 'urn:request:a1dc7ba4-a029-4966-9c38-3a3e528c70dd';

/** Problem examples, grouped under components.responses by their status. */
export const problemExamples = {
  validation_failed: {
    summary: 'A field is wrong',
    value: {
      type: `${problemBase}validation-failed`,
      title: 'The request is not valid',
      status: 400,
      detail: 'Invalid request body: /sim/iccid: must be an ICCID of 18 to 22 digits.',
      code: 'validation_failed',
      instance,
      errors: [{ pointer: '/sim/iccid', detail: 'must be an ICCID of 18 to 22 digits' }],
    },
  },
  unauthorised: {
    summary: 'No or unknown API key',
    value: {
      type: `${problemBase}unauthorised`,
      title: 'Missing or invalid credentials',
      status: 401,
      detail: 'Send Authorization: Bearer <api key>.',
      code: 'unauthorised',
      instance,
    },
  },
  forbidden: {
    summary: 'A tenant key on an admin route',
    value: {
      type: `${problemBase}forbidden`,
      title: 'Not allowed',
      status: 403,
      detail: 'Tenant administration needs the admin key.',
      code: 'forbidden',
      instance,
    },
  },
  not_found: {
    summary: 'Unknown id',
    value: {
      type: `${problemBase}not-found`,
      title: 'Not found',
      status: 404,
      detail: `Subscription ${subscriptionId} not found.`,
      code: 'not_found',
      instance,
    },
  },
  conflict_with_state: {
    summary: 'Not allowed in the line’s state',
    value: {
      type: `${problemBase}conflict-with-state`,
      title: 'Not allowed in the current state',
      status: 409,
      detail: 'A suspend is not allowed while the subscription is ceased.',
      code: 'conflict_with_state',
      instance,
    },
  },
  request_in_progress: {
    summary: 'The first request with this Idempotency-Key is still running',
    value: {
      type: `${problemBase}request-in-progress`,
      title: 'A request with this Idempotency-Key is still in progress',
      status: 409,
      code: 'request_in_progress',
      instance,
    },
  },
  idempotency_mismatch: {
    summary: 'Idempotency-Key reused with another body',
    value: {
      type: `${problemBase}idempotency-mismatch`,
      title: 'Idempotency-Key reused with another request',
      status: 422,
      code: 'idempotency_mismatch',
      instance,
    },
  },
  unsupported_by_carrier: {
    summary: 'The carrier has no such operation or read',
    value: {
      type: `${problemBase}unsupported-by-carrier`,
      title: 'The carrier does not support this',
      status: 422,
      detail: 'Carrier sps does not offer sim cards.',
      code: 'unsupported_by_carrier',
      instance,
      carrier: { id: 'sps' },
    },
  },
  payload_too_large: {
    summary: 'A body over the limit',
    value: {
      type: `${problemBase}payload-too-large`,
      title: 'The request body is too large',
      status: 413,
      detail: 'The request body is larger than 1048576 bytes, the most this gateway accepts.',
      code: 'payload_too_large',
      instance,
    },
  },
  unsupported_media_type: {
    summary: 'A body that is not JSON',
    value: {
      type: `${problemBase}unsupported-media-type`,
      title: 'The request body is not of a type this route takes',
      status: 415,
      detail: 'The request body must be JSON: expected application/json (send "Content-Type: application/json").',
      code: 'unsupported_media_type',
      instance,
    },
  },
  refused_by_policy: {
    summary: 'A webhook URL on a private address',
    value: {
      type: `${problemBase}refused-by-policy`,
      title: "Refused by this gateway's security policy",
      status: 422,
      detail: 'Webhook URLs may not point at loopback, link-local or private addresses.',
      code: 'refused_by_policy',
      instance,
      errors: [{ pointer: '/url', detail: 'resolves to a private address' }],
    },
  },
  carrier_unavailable: {
    summary: 'The carrier did not answer',
    value: {
      type: `${problemBase}carrier-unavailable`,
      title: 'The carrier could not be reached',
      status: 503,
      detail: 'sTN did not answer within 15000 ms.',
      code: 'carrier_unavailable',
      instance,
      carrier: { id: 'stn' },
    },
  },
} as const;

/** POST /v1/subscriptions, by example name. */
export const activateExamples = {
  stnPhysical: requestExamples.activatePhysical,
  spsEsim: requestExamples.activateSpsEsim,
  stnEsim: requestExamples.activateStnEsim,
  portIn: requestExamples.portIn,
};

/** PUT /v1/tenants/{tenantId}/carrier-connections/{name}, by example name. */
export const carrierConnectionExamples = { stn: requestExamples.carrierConnection };

/** GET /v1/carriers as the sandbox answers it, trimmed to its SPS connection. */
export const carrierListSandbox = {
  summary: 'The SPS sandbox connection',
  value: {
    data: [
      {
        connection: 'sps',
        carrierId: 'sps',
        name: 'sps',
        carrierType: 'sps',
        displayName: 'SPS Subscriptions v5',
        isDefault: false,
        capabilities: {
          operations: ['activate', 'port_in', 'suspend', 'resume', 'cease', 'reactivate', 'sim_swap'],
          esim: true,
          scheduling: [],
          callbacks: true,
          batchPolling: false,
          services: ['voicemail', 'internationalCalls', 'voiceRoaming'],
          plans: { meaning: 'SPS wholesale plan id (wholesalePlanId), as agreed with DISH' },
          reads: ['subscription'],
          stateRestrictions: { cease: ['active'], sim_swap: ['active'] },
        },
      },
    ],
    routingRules: [{ match: { numberPrefix: '+316' }, connection: 'stn' }],
  },
};

/** PUT /v1/tenants/{tenantId}/carrier-connections/{name}: what the gateway answers for requestExamples.carrierConnection. */
export const carrierConnectionStored = {
  summary: 'Stored',
  value: { id: 'cc_01m8s9d3k4000a1b2c3d4e5f6g', name: 'stn', carrier: 'stn', isDefault: true },
};

/** PUT /v1/routing-rules: three rules over the sandbox's two connections. */
export const routingRulesExample = {
  rules: [
    { match: { numberPrefix: '+316' }, connection: 'stn', description: 'Dutch mobile numbers ported in' },
    { match: { country: 'US' }, connection: 'sps' },
    { match: { routing: 'iot', sim: 'esim' }, connection: 'sps' },
  ],
};

/** POST /v1/subscriptions/{id}/migrate, by example name. */
export const migrateExamples = {
  stnToStn: {
    summary: 'To another sTN account',
    value: {
      targetConnection: 'stn-b',
      sim: { type: 'physical', iccid: '8931080040000000072' },
      portIn: { donorAccountNumber: '1234567' },
    },
  },
};

/** POST /v1/migrations: two lines to a second sTN account. */
export const bulkMigrateExample = {
  summary: 'Two lines to another sTN account',
  value: {
    targetConnection: 'stn-b',
    portIn: { donorAccountNumber: '1234567' },
    lines: [
      { subscriptionId: 'sub_01m8s824np000vt4kq4h2e1sxa', sim: { type: 'physical', iccid: '8931080040000000072' } },
      { subscriptionId: 'sub_01m8s824np000vt4kq4h2e1sxb', sim: { type: 'physical', iccid: '8931080040000000080' } },
    ],
  },
};

/** The connection id in the cursor of GET /v1/sim-cards' example (a cursor is bound to its connection). */
export const simCardCursorConnectionId = 'cc_sandbox_stn';
