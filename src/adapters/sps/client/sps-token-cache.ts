import { z } from 'zod';
import { CarrierUnavailableError } from '../../../adapter/index.js';
import { spsUnavailable } from './sps-rejection.js';

/**
 * OAuth 2.0 client-credentials tokens for SPS (the scheme is inferred; sps.md §7.3). One token serves every call
 * until shortly before it expires; callers that arrive while a token request is under way wait for that same
 * request instead of starting their own, so a burst of calls costs one token request.
 */
export interface SpsTokenCacheOptions {
  /** The shared carrier transport's fetch: it applies the timeout and classifies 429, 5xx and no answer. */
  fetch: (url: string, init: RequestInit) => Promise<Response>;
  now: () => Date;
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
}

export interface SpsTokenCache {
  /** A bearer token valid for at least the refresh margin. */
  getToken(): Promise<string>;
  /** SPS refused `token` (401): forget it, unless a newer one has already replaced it. */
  invalidate(token: string): void;
}

const tokenResponseSchema = z.object({
  access_token: z.string().min(1),
  // Lenient: some gateways write "bearer"; anything else is not a token we can use.
  token_type: z.string().regex(/^bearer$/i),
  expires_in: z.coerce.number().positive(),
});

/** Refresh this long before expiry: a tenth of the lifetime, at most a minute, so a token never dies mid-call. */
function refreshMarginMs(lifetimeSeconds: number): number {
  return Math.min(60, lifetimeSeconds / 10) * 1000;
}

function basicCredentials(clientId: string, clientSecret: string): string {
  const bytes = new TextEncoder().encode(`${clientId}:${clientSecret}`);
  return btoa(Array.from(bytes, (byte) => String.fromCharCode(byte)).join(''));
}

export function createSpsTokenCache(options: SpsTokenCacheOptions): SpsTokenCache {
  let current: { value: string; refreshAt: number } | undefined;
  let inFlight: Promise<string> | undefined;

  async function requestToken(): Promise<string> {
    let response: Response;
    try {
      response = await options.fetch(options.tokenUrl, {
        method: 'POST',
        headers: {
          Authorization: `Basic ${basicCredentials(options.clientId, options.clientSecret)}`,
          'Content-Type': 'application/x-www-form-urlencoded',
          Accept: 'application/json',
        },
        body: new URLSearchParams({ grant_type: 'client_credentials' }).toString(),
      });
    } catch (error) {
      // Whatever happened to the token request, the call it was for never left us.
      const transient = CarrierUnavailableError.isInstance(error) ? error : undefined;
      throw spsUnavailable(
        `Could not get an SPS access token: ${transient?.message ?? 'the token endpoint did not answer'}`,
        {
          requestMayHaveArrived: false,
          cause: error,
          ...(transient?.carrier?.httpStatus ? { httpStatus: transient.carrier.httpStatus } : {}),
          ...(transient?.retryAfterSeconds !== undefined ? { retryAfterSeconds: transient.retryAfterSeconds } : {}),
        },
      );
    }
    if (!response.ok) {
      // A refused client id/secret is a configuration problem an operator fixes; the request it was for never left
      // us, so it stays retryable rather than failing the operation for good.
      throw spsUnavailable(`Could not get an SPS access token: the token endpoint answered HTTP ${response.status}`, {
        requestMayHaveArrived: false,
        httpStatus: response.status,
      });
    }
    const parsed = tokenResponseSchema.safeParse(await response.json().catch(() => null));
    if (!parsed.success) {
      throw spsUnavailable('Could not get an SPS access token: the token endpoint answered an unreadable body', {
        requestMayHaveArrived: false,
      });
    }
    const issuedAt = options.now().getTime();
    const lifetimeMs = parsed.data.expires_in * 1000;
    current = {
      value: parsed.data.access_token,
      refreshAt: issuedAt + lifetimeMs - refreshMarginMs(parsed.data.expires_in),
    };
    return current.value;
  }

  return {
    async getToken() {
      if (current && options.now().getTime() < current.refreshAt) return current.value;
      if (!inFlight) {
        inFlight = requestToken().finally(() => {
          inFlight = undefined;
        });
      }
      return inFlight;
    },
    invalidate(token) {
      if (current?.value === token) current = undefined;
    },
  };
}
