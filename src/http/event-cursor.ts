/**
 * The event log's page cursor: opaque to clients like every other list's cursor (base64url of `e1:<sequence>`),
 * but a position rather than a last-seen id, and never null — at the end of the log it is where to ask again for
 * what happens next. A cursor we did not issue decodes to null, so the route can answer 400 naming `cursor`.
 */
const prefix = 'e1:';

export function encodeEventCursor(sequence: number): string {
  return btoa(`${prefix}${sequence}`).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
}

export function decodeEventCursor(cursor: string): number | null {
  if (!/^[A-Za-z0-9_-]{1,40}$/.test(cursor)) return null;
  let text: string;
  try {
    text = atob(cursor.replaceAll('-', '+').replaceAll('_', '/'));
  } catch {
    return null;
  }
  const match = text.match(/^e1:(0|[1-9][0-9]{0,15})$/);
  if (!match) return null;
  const sequence = Number(match[1]);
  // Only the one spelling we produce.
  return Number.isSafeInteger(sequence) && encodeEventCursor(sequence) === cursor ? sequence : null;
}
