import { toEventView } from '../events/event-view.js';
import type { IdGenerator } from '../ids.js';
import type { Clock, Store, WebhookDelivery } from '../ports.js';
import { signWebhook } from './standard-webhooks-signature.js';
import { createWebhookTargetPolicy } from './webhook-target-policy.js';

/**
 * Decides, just before a delivery is sent, whether its URL may be reached: the runtime resolves the host name and
 * checks every address against the WebhookTargetPolicy (names can point anywhere, and change after registration).
 */
export interface WebhookAddressGuard {
  allows(url: URL): Promise<boolean>;
}

/** Without a guard from the runtime: refuse private IP literals and localhost, the part that needs no DNS. */
const literalAddressGuard: WebhookAddressGuard = (() => {
  const policy = createWebhookTargetPolicy({ allowPrivate: false, allowedCidrs: [] });
  return { allows: async (url: URL) => policy.refusalForUrl(url) === null };
})();

/**
 * What a failed delivery records: the tenant reads it back, so it must not tell a refused connection from a
 * timeout or a DNS failure (that would map the network behind the gateway). A status code from an answering
 * receiver is kept.
 */
const deliveryFailed = 'delivery failed';

/**
 * Delivers queued webhook deliveries: signed with the Standard Webhooks scheme, retried on a schedule that spans
 * hours, one subscription's events in order (the store hands out only the oldest undelivered delivery per
 * subscription and endpoint). Every try is recorded on the delivery.
 */
export interface WebhookDispatcherOptions {
  store: Store;
  fetch: typeof globalThis.fetch;
  clock: Clock;
  ids: IdGenerator;
  owner: string;
  /** Delay before each retry; after the last, the delivery is marked failed (and can be replayed). */
  retryScheduleMs?: readonly number[];
  timeoutMs?: number;
  /** Checked before every send; the runtime's resolves DNS. */
  addressGuard?: WebhookAddressGuard;
  batchSize?: number;
  leaseMs?: number;
}

/** Standard Webhooks' suggested schedule: 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h — about 27 hours in all. */
export const defaultRetryScheduleMs = [5_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000, 36_000_000];

export interface WebhookDispatcher {
  deliverDue(): Promise<{ delivered: number; failed: number; retried: number }>;
}

export function createWebhookDispatcher(options: WebhookDispatcherOptions): WebhookDispatcher {
  const schedule = options.retryScheduleMs ?? defaultRetryScheduleMs;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const addressGuard = options.addressGuard ?? literalAddressGuard;
  const { store, clock } = options;

  async function deliverOne(delivery: WebhookDelivery): Promise<'delivered' | 'failed' | 'retried'> {
    const endpoint = await store.webhookEndpoints.get(delivery.tenantId, delivery.endpointId);
    const event = await store.events.get(delivery.eventId);
    const attempts = delivery.attempts + 1;
    if (!endpoint || endpoint.deletedAt || !event) {
      await store.webhookDeliveries.update({
        ...delivery,
        status: 'failed',
        attempts,
        lastError: !event ? 'event not found' : 'endpoint deleted',
        lastStatusCode: null,
      });
      return 'failed';
    }
    const timestampSeconds = Math.floor(clock.now().getTime() / 1000);
    // Exactly the item GET /v1/events lists for this event: one event shape, whichever way it is read.
    const body = JSON.stringify(toEventView(event));
    const signature = await signWebhook({ secret: endpoint.secret, messageId: event.id, timestampSeconds, body });
    let statusCode: number | null = null;
    let failure: string | null = null;
    try {
      if (!(await addressGuard.allows(new URL(endpoint.url)))) throw new Error('target address refused');
      const response = await options.fetch(endpoint.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'mvno-gateway-webhooks/1',
          'webhook-id': event.id,
          'webhook-timestamp': String(timestampSeconds),
          'webhook-signature': signature,
        },
        body,
        // A redirect could lead anywhere, including where the address guard would refuse: a 3xx is a failure.
        redirect: 'manual',
        signal: AbortSignal.timeout(timeoutMs),
      });
      statusCode = response.status;
      await response.body?.cancel();
      if (!response.ok) failure = `endpoint answered ${response.status}`;
    } catch {
      // Refused address, DNS failure, connection refused, timeout: all look the same from outside.
      statusCode = null;
      failure = deliveryFailed;
    }
    const now = clock.now();
    if (!failure) {
      await store.webhookDeliveries.update({
        ...delivery,
        status: 'delivered',
        attempts,
        lastStatusCode: statusCode,
        lastError: null,
        deliveredAt: now,
      });
      return 'delivered';
    }
    const delay = schedule[attempts - 1];
    await store.webhookDeliveries.update({
      ...delivery,
      status: delay === undefined ? 'failed' : 'pending',
      attempts,
      lastStatusCode: statusCode,
      lastError: failure,
      nextAttemptAt: delay === undefined ? delivery.nextAttemptAt : new Date(now.getTime() + delay),
    });
    return delay === undefined ? 'failed' : 'retried';
  }

  return {
    async deliverDue() {
      const now = clock.now();
      const due = await store.webhookDeliveries.claimDue({
        now,
        limit: options.batchSize ?? 50,
        owner: options.owner,
        leaseUntil: new Date(now.getTime() + (options.leaseMs ?? 60_000)),
      });
      const counts = { delivered: 0, failed: 0, retried: 0 };
      await Promise.all(
        due.map(async (delivery) => {
          counts[await deliverOne(delivery)]++;
        }),
      );
      return counts;
    },
  };
}
