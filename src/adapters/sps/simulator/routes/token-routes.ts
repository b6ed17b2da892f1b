import { Hono } from 'hono';
import { constantTimeEqual } from '../../../../core/index.js';
import type { SpsAccessTokens } from '../sps-access-tokens.js';

/** `POST /oauth2/token`: OAuth 2.0 client credentials with HTTP Basic client authentication (RFC 6749 §4.4). */
function decodeBasic(header: string | undefined): { clientId: string; clientSecret: string } | null {
  const match = /^Basic ([A-Za-z0-9+/=]+)$/.exec(header ?? '');
  if (!match?.[1]) return null;
  let decoded: string;
  try {
    const binary = atob(match[1]);
    decoded = new TextDecoder().decode(Uint8Array.from(binary, (character) => character.charCodeAt(0)));
  } catch {
    return null;
  }
  const separator = decoded.indexOf(':');
  if (separator < 0) return null;
  return { clientId: decoded.slice(0, separator), clientSecret: decoded.slice(separator + 1) };
}

export function tokenRoutes(client: { clientId: string; clientSecret: string }, tokens: SpsAccessTokens): Hono {
  const app = new Hono();
  app.post('/token', async (context) => {
    const credentials = decodeBasic(context.req.header('Authorization'));
    const known =
      credentials !== null &&
      constantTimeEqual(credentials.clientId, client.clientId) &&
      constantTimeEqual(credentials.clientSecret, client.clientSecret);
    if (!known) {
      return context.json({ error: 'invalid_client', error_description: 'Unknown client or wrong secret' }, 401, {
        'WWW-Authenticate': 'Basic realm="sps"',
      });
    }
    const form = new URLSearchParams(await context.req.text());
    if (form.get('grant_type') !== 'client_credentials') {
      return context.json(
        { error: 'unsupported_grant_type', error_description: 'Only grant_type=client_credentials is supported' },
        400,
      );
    }
    return context.json(tokens.issue(), 200, { 'Cache-Control': 'no-store' });
  });
  return app;
}
