import { ValidationError } from '../core/index.js';

/**
 * Cursors of the pass-through reads (SIM cards, CDRs, invoices) are opaque like every other list's: the carrier
 * adapter's own cursor (sTN pages by offset, "50") wrapped as base64url of `k1:<adapter cursor>`, so clients do not
 * come to depend on a carrier's paging scheme, and a cursor we did not issue is a 400 naming `cursor`.
 */
const prefix = 'k1:';

function toBase64Url(text: string): string {
  const bytes = new TextEncoder().encode(text);
  return btoa(String.fromCharCode(...bytes))
    .replaceAll('+', '-')
    .replaceAll('/', '_')
    .replace(/=+$/, '');
}

export function encodeCarrierCursor(adapterCursor: string | undefined): string | null {
  return adapterCursor === undefined ? null : toBase64Url(`${prefix}${adapterCursor}`);
}

/** The adapter's cursor inside one of ours; absent stays absent. */
export function decodeCarrierCursor(cursor: string | undefined): string | undefined {
  if (cursor === undefined) return undefined;
  let text: string | null = null;
  if (/^[A-Za-z0-9_-]{1,400}$/.test(cursor)) {
    try {
      const binary = atob(cursor.replaceAll('-', '+').replaceAll('_', '/'));
      text = new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(binary, (char) => char.charCodeAt(0)));
    } catch {
      text = null;
    }
  }
  if (text === null || !text.startsWith(prefix) || toBase64Url(text) !== cursor) {
    throw new ValidationError('The cursor is not one this list issued.', [
      { pointer: 'cursor', detail: 'not a cursor of this list: pass the nextCursor of the previous page unchanged' },
    ]);
  }
  return text.slice(prefix.length);
}
