import { z } from '@hono/zod-openapi';
import { ValidationError } from '../core/index.js';

/**
 * Cursors of carrier pass-through reads (`/v1/sim-cards`, `/v1/invoices`, a line's CDRs) are ours too: the
 * carrier's cursor travels inside base64url of `c1:<read>:<connection id>:<carrier cursor>`. Without this a cursor
 * we never issued (`zzz`) went to the carrier and came back as a 200 page or a carrier error. Stateless and not
 * signed, like our own cursors: it only carries what the carrier gave this caller, and naming the connection means
 * a cursor of one carrier is refused on another rather than handed to it.
 */
export type CarrierPagedRead = 'sim_cards' | 'invoices' | 'cdrs';

const cursorVersion = 'c1';
/** Carriers' cursors are short (sTN: an offset); this bounds what we decode from a query parameter. */
const maxCursorLength = 2048;
const notOurs = 'not a cursor of this list: pass the nextCursor of the previous page unchanged';

function toBase64Url(text: string): string {
  let binary = '';
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
}

function fromBase64Url(cursor: string): string | null {
  if (cursor.length > maxCursorLength || !/^[A-Za-z0-9_-]+$/.test(cursor)) return null;
  let text: string;
  try {
    const binary = atob(cursor.replaceAll('-', '+').replaceAll('_', '/'));
    text = new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(binary, (char) => char.charCodeAt(0)));
  } catch {
    return null;
  }
  // Only the one spelling we produce: no padding, no stray bits.
  return toBase64Url(text) === cursor ? text : null;
}

export interface CarrierPageCursor {
  connectionId: string;
  carrierCursor: string;
}

/** Our cursor for the carrier's next page, or null when the carrier says there is none. */
export function encodeCarrierCursor(
  read: CarrierPagedRead,
  connectionId: string,
  carrierCursor: string | undefined,
): string | null {
  if (carrierCursor === undefined || carrierCursor === '') return null;
  return toBase64Url(`${cursorVersion}:${read}:${connectionId}:${carrierCursor}`);
}

/** What a cursor of `read` stands for, or null when it is not one we issued for that read. */
export function decodeCarrierCursor(cursor: string, read: CarrierPagedRead): CarrierPageCursor | null {
  const match = fromBase64Url(cursor)?.match(
    new RegExp(`^${cursorVersion}:${read}:(cc_[0-9A-Za-z_-]{1,100}):(.+)$`, 's'),
  );
  return match ? { connectionId: match[1] as string, carrierCursor: match[2] as string } : null;
}

/** The `cursor` query parameter of a carrier read: validated, and handed to the route decoded. */
export function carrierCursorParameter(read: CarrierPagedRead) {
  return z
    .string()
    .refine((cursor) => decodeCarrierCursor(cursor, read) !== null, { message: notOurs })
    .transform((cursor) => decodeCarrierCursor(cursor, read) as CarrierPageCursor)
    .optional()
    .openapi({ description: 'nextCursor of the previous page (opaque)' });
}

/**
 * The carrier's cursor to send, after checking the cursor was issued for this connection: a cursor of another
 * connection (another `?carrier=`, or another line's carrier) is a 400 naming `cursor`, like one we never issued.
 */
export function carrierCursorFor(cursor: CarrierPageCursor | undefined, connectionId: string): { cursor?: string } {
  if (!cursor) return {};
  if (cursor.connectionId !== connectionId) {
    throw new ValidationError(`Invalid query parameters: cursor: ${notOurs} (it was issued for another carrier).`, [
      { pointer: 'cursor', detail: `${notOurs} (it was issued for another carrier)` },
    ]);
  }
  return { cursor: cursor.carrierCursor };
}
