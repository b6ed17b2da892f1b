import { type CallbackReplayGuard, type CarrierStatusUpdate, UnauthorisedError } from 'mvno-gateway/adapter';
import { signatureHeader, verifyWebhook } from './dutchtel-signature.js';
import { type DutchTelOrder, updateFromOrder } from './dutchtel-status.js';

/** How old a signed webhook may be; older ones are refused, so a captured one cannot be replayed later. */
const toleranceMs = 5 * 60_000;

function memoryGuard(): CallbackReplayGuard {
  const seen = new Map<string, number>();
  return {
    async rememberOnce(key, expiresAt, now) {
      for (const [name, until] of seen) if (until <= now.getTime()) seen.delete(name);
      if (seen.has(key)) return false;
      seen.set(key, expiresAt.getTime());
      return true;
    },
  };
}

/**
 * Authenticates a DutchTel webhook (HMAC over timestamp and body, within the tolerance), then refuses one already
 * accepted (by event id) — in that order, so a forgery cannot use up the genuine event's id.
 */
export function createCallbackParser(options: { secret: string; now: () => Date; replays?: CallbackReplayGuard }) {
  const replays = options.replays ?? memoryGuard();
  return async function parseCallback(request: Request): Promise<CarrierStatusUpdate[]> {
    const body = await request.text();
    const signedAt = await verifyWebhook(options.secret, body, request.headers.get(signatureHeader));
    if (!signedAt) throw new UnauthorisedError('The DutchTel-Signature header does not match the body.');
    const now = options.now();
    if (Math.abs(now.getTime() - signedAt.getTime()) > toleranceMs) {
      throw new UnauthorisedError('The DutchTel webhook was signed too long ago (or in the future).');
    }
    let event: { eventId?: unknown; order?: DutchTelOrder };
    try {
      event = JSON.parse(body);
    } catch {
      throw new UnauthorisedError('The DutchTel webhook body is not JSON.');
    }
    if (typeof event.eventId !== 'string' || !event.order || typeof event.order.orderId !== 'string') {
      throw new UnauthorisedError('The DutchTel webhook has no eventId or order.');
    }
    const fresh = await replays.rememberOnce(
      `dutchtel:${event.eventId}`,
      new Date(signedAt.getTime() + 2 * toleranceMs),
      now,
    );
    if (!fresh) throw new UnauthorisedError(`DutchTel event ${event.eventId} was already received.`);
    return [updateFromOrder(event.order)];
  };
}
