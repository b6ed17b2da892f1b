/**
 * DutchTel's webhook signature: `DutchTel-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">`
 * with the partner's webhook secret. Web Crypto only, so the adapter runs on any fetch-based runtime.
 */
export const signatureHeader = 'dutchtel-signature';

const encoder = new TextEncoder();

async function hmacHex(secret: string, text: string): Promise<string> {
  const key = await crypto.subtle.importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, [
    'sign',
  ]);
  const signature = new Uint8Array(await crypto.subtle.sign('HMAC', key, encoder.encode(text)));
  return [...signature].map((byte) => byte.toString(16).padStart(2, '0')).join('');
}

export async function signWebhook(secret: string, body: string, at: Date): Promise<string> {
  const timestamp = Math.floor(at.getTime() / 1000);
  return `t=${timestamp},v1=${await hmacHex(secret, `${timestamp}.${body}`)}`;
}

/** Constant-time comparison of two hex strings of the same length. */
function sameHex(left: string, right: string): boolean {
  if (left.length !== right.length) return false;
  let difference = 0;
  for (let index = 0; index < left.length; index++) difference |= left.charCodeAt(index) ^ right.charCodeAt(index);
  return difference === 0;
}

/** The signing time when `header` is a valid signature of `body`; null otherwise. */
export async function verifyWebhook(secret: string, body: string, header: string | null): Promise<Date | null> {
  const parts = Object.fromEntries(
    (header ?? '').split(',').map((part) => {
      const [name, ...rest] = part.trim().split('=');
      return [name, rest.join('=')];
    }),
  );
  const timestamp = Number(parts.t);
  if (!Number.isInteger(timestamp) || typeof parts.v1 !== 'string') return null;
  const expected = await hmacHex(secret, `${timestamp}.${body}`);
  return sameHex(expected, parts.v1) ? new Date(timestamp * 1000) : null;
}
