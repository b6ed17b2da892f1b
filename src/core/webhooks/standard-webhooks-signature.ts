/**
 * Standard Webhooks signing (https://www.standardwebhooks.com): the signature is
 * `v1,` + base64(HMAC-SHA256(secret, `${webhook-id}.${webhook-timestamp}.${body}`)), where the secret is the
 * base64 part of a `whsec_…` string. Web Crypto only, so it runs on every runtime.
 */
function base64ToBytes(base64: string): Uint8Array<ArrayBuffer> {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let index = 0; index < binary.length; index++) bytes[index] = binary.charCodeAt(index);
  return bytes;
}

function bytesToBase64(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

/** A new endpoint secret: `whsec_` + 24 random bytes in base64. */
export function newWebhookSecret(): string {
  const bytes = new Uint8Array(24);
  crypto.getRandomValues(bytes);
  return `whsec_${bytesToBase64(bytes)}`;
}

export async function signWebhook(options: {
  secret: string;
  messageId: string;
  timestampSeconds: number;
  body: string;
}): Promise<string> {
  const key = await crypto.subtle.importKey(
    'raw',
    base64ToBytes(options.secret.replace(/^whsec_/, '')),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  );
  const content = new TextEncoder().encode(`${options.messageId}.${options.timestampSeconds}.${options.body}`);
  const signature = new Uint8Array(await crypto.subtle.sign('HMAC', key, content));
  return `v1,${bytesToBase64(signature)}`;
}
