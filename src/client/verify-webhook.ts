import { signWebhook } from '../core/webhooks/standard-webhooks-signature.js';
import type { components } from './generated/gateway-api.js';

/** A webhook body: exactly the item GET /v1/events lists for the event. */
export type WebhookEvent = components['schemas']['Event'];

export class WebhookVerificationError extends Error {
  override name = 'WebhookVerificationError';
}

type HeaderSource = Headers | Record<string, string | string[] | undefined>;

function header(headers: HeaderSource, name: string): string | undefined {
  if (typeof (headers as Headers).get === 'function') return (headers as Headers).get(name) ?? undefined;
  const record = headers as Record<string, string | string[] | undefined>;
  const key = Object.keys(record).find((candidate) => candidate.toLowerCase() === name);
  const value = key === undefined ? undefined : record[key];
  return Array.isArray(value) ? value[0] : value;
}

/** Compare without leaking, through timing, how much of a forged signature was right. */
function constantTimeEqual(left: string, right: string): boolean {
  if (left.length !== right.length) return false;
  let difference = 0;
  for (let index = 0; index < left.length; index++) difference |= left.charCodeAt(index) ^ right.charCodeAt(index);
  return difference === 0;
}

/**
 * Check a webhook by the Standard Webhooks scheme and return its event, typed: the signature in `webhook-signature`
 * must be the HMAC-SHA256 of `webhook-id.webhook-timestamp.body` under the endpoint's secret, and the timestamp
 * within `toleranceSeconds` (default 5 minutes) of now, so a captured delivery cannot be replayed later. Pass the
 * body exactly as received (the raw text, not re-serialised JSON). Throws WebhookVerificationError otherwise.
 */
export async function verifyWebhook(
  payload: string,
  headers: HeaderSource,
  secret: string,
  options: { toleranceSeconds?: number; now?: () => Date } = {},
): Promise<WebhookEvent> {
  const id = header(headers, 'webhook-id');
  const timestamp = header(headers, 'webhook-timestamp');
  const signatures = header(headers, 'webhook-signature');
  if (!id || !timestamp || !signatures) throw new WebhookVerificationError('Missing Standard Webhooks headers');
  const timestampSeconds = Number(timestamp);
  if (!/^\d{1,12}$/.test(timestamp)) throw new WebhookVerificationError('Invalid webhook-timestamp');
  const nowSeconds = Math.floor((options.now?.() ?? new Date()).getTime() / 1000);
  if (Math.abs(nowSeconds - timestampSeconds) > (options.toleranceSeconds ?? 300)) {
    throw new WebhookVerificationError('webhook-timestamp is too far from now');
  }
  const expected = await signWebhook({ secret, messageId: id, timestampSeconds, body: payload });
  const valid = signatures.split(' ').some((candidate) => constantTimeEqual(candidate, expected));
  if (!valid) throw new WebhookVerificationError('No matching signature');
  let event: WebhookEvent;
  try {
    event = JSON.parse(payload) as WebhookEvent;
  } catch {
    throw new WebhookVerificationError('The body is not JSON');
  }
  if (event.id !== id) throw new WebhookVerificationError('webhook-id does not name the event in the body');
  return event;
}
