/**
 * SPS callback signatures (an inference; see docs/decisions/sps-inferences.md): `X-Sps-Signature` is the lower-case
 * hex HMAC-SHA256, keyed with the callback secret, of `<X-Sps-Timestamp>.<raw body>`. Signing the timestamp with the
 * body lets the receiver refuse old deliveries without trusting an unsigned header. Web Crypto only, so this runs on
 * every runtime; the simulator signs with the same function the adapter verifies with.
 */
import { constantTimeEqual } from '../../core/index.js';

export const spsTimestampHeader = 'X-Sps-Timestamp';
export const spsSignatureHeader = 'X-Sps-Signature';

const encoder = new TextEncoder();

async function hmacKey(secret: string): Promise<CryptoKey> {
  return crypto.subtle.importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
}

function toHex(bytes: ArrayBuffer): string {
  return Array.from(new Uint8Array(bytes), (byte) => byte.toString(16).padStart(2, '0')).join('');
}

export async function signSpsCallback(secret: string, timestampSeconds: number, rawBody: string): Promise<string> {
  const key = await hmacKey(secret);
  return toHex(await crypto.subtle.sign('HMAC', key, encoder.encode(`${timestampSeconds}.${rawBody}`)));
}

export async function isValidSpsSignature(
  secret: string,
  timestampSeconds: number,
  rawBody: string,
  signature: string,
): Promise<boolean> {
  const expected = await signSpsCallback(secret, timestampSeconds, rawBody);
  return constantTimeEqual(expected, signature.toLowerCase());
}
