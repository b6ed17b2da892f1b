import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { verifyWebhook, WebhookVerificationError } from '../../src/client/index.js';

/** The SDK's verifier against signatures made by the reference Standard Webhooks library. */
const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const event = {
  id: 'evt_01m8s826f1000rf3c2h3bhzv2k',
  sequence: 4,
  type: 'subscription.activated',
  subscriptionId: 'sub_1',
  operationId: 'op_1',
  data: { subscription: { id: 'sub_1', status: 'active' } },
  createdAt: '2026-12-01T16:47:31.270Z',
};
const body = JSON.stringify(event);
const now = new Date('2026-12-01T16:47:32Z');

function signed(overrides: { id?: string; at?: Date; secret?: string } = {}) {
  const at = overrides.at ?? now;
  const id = overrides.id ?? event.id;
  return {
    'webhook-id': id,
    'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
    'webhook-signature': new Webhook(overrides.secret ?? secret).sign(id, at, body),
  };
}

describe('verifyWebhook', () => {
  it('returns the event of a body signed with the secret, from a Headers object or a plain record', async () => {
    expect(await verifyWebhook(body, signed(), secret, { now: () => now })).toEqual(event);
    expect(await verifyWebhook(body, new Headers(signed()), secret, { now: () => now })).toEqual(event);
  });

  it('refuses a changed body, another secret, a stale timestamp, a missing header, another event id', async () => {
    // Each started only when awaited, so no refusal goes unobserved.
    const refusals = [
      () => verifyWebhook(body.replace('active', 'ceased'), signed(), secret, { now: () => now }),
      () =>
        verifyWebhook(body, signed({ secret: 'whsec_c2VjcmV0LW9mLWFub3RoZXItZW5kcG9pbnQ=' }), secret, {
          now: () => now,
        }),
      () => verifyWebhook(body, signed({ at: new Date(now.getTime() - 10 * 60_000) }), secret, { now: () => now }),
      () => verifyWebhook(body, { ...signed(), 'webhook-signature': undefined }, secret, { now: () => now }),
      () => verifyWebhook(body, signed({ id: 'evt_other' }), secret, { now: () => now }),
    ];
    for (const refusal of refusals) await expect(refusal()).rejects.toBeInstanceOf(WebhookVerificationError);
  });
});
