import { z } from '@hono/zod-openapi';
import type { IdPrefix } from '../core/index.js';

/**
 * Page cursors are opaque to clients and checked when they come back: base64url of a versioned, prefixed id
 * (`c1:sub_…`). The store pages by the last id seen; wrapping it here means a cursor we did not issue (`zzz`, a raw
 * id, another list's cursor) is a 400 naming `cursor` rather than a page of something, and the format can change
 * behind the version.
 */
const cursorVersion = 'c1';

function toBase64Url(text: string): string {
  return btoa(text).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
}

function fromBase64Url(cursor: string): string | null {
  if (!/^[A-Za-z0-9_-]{1,200}$/.test(cursor)) return null;
  let text: string;
  try {
    text = atob(cursor.replaceAll('-', '+').replaceAll('_', '/'));
  } catch {
    return null;
  }
  // Only the one spelling we produce: no padding, no stray bits.
  return toBase64Url(text) === cursor ? text : null;
}

/** The cursor a client sends for the page after the item with this id. */
export function encodePageCursor(lastId: string): string;
export function encodePageCursor(lastId: string | null): string | null;
export function encodePageCursor(lastId: string | null): string | null {
  return lastId === null ? null : toBase64Url(`${cursorVersion}:${lastId}`);
}

/** The id a cursor of a list of `prefix` items stands for, or null when it is not one we issued for that list. */
export function decodePageCursor(cursor: string, prefix: IdPrefix): string | null {
  const match = fromBase64Url(cursor)?.match(new RegExp(`^${cursorVersion}:(${prefix}_[0-9a-z]{1,64})$`));
  return match?.[1] ?? null;
}

/** The `cursor` query parameter of a list of `prefix` items: validated, and handed to the route as the id. */
export function pageCursorParameter(prefix: IdPrefix) {
  return z
    .string()
    .refine((cursor) => decodePageCursor(cursor, prefix) !== null, {
      message: 'not a cursor of this list: pass the nextCursor of the previous page unchanged',
    })
    .transform((cursor) => decodePageCursor(cursor, prefix) as string)
    .optional()
    .openapi({ description: 'nextCursor of the previous page (opaque)' });
}
