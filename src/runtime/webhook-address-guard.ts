import { lookup } from 'node:dns/promises';
import type { WebhookAddressGuard, WebhookTargetPolicy } from '../core/index.js';

/** Every address a host name resolves to (A and AAAA), as text. */
export type ResolveHostname = (hostname: string) => Promise<string[]>;

export const resolveWithSystemDns: ResolveHostname = async (hostname) =>
  (await lookup(hostname, { all: true, verbatim: true })).map((entry) => entry.address);

/**
 * The delivery-time half of the webhook SSRF check: resolve the URL's host and refuse it when any address it
 * resolves to is one the policy refuses (a name with one public and one private address could be steered to
 * either). A name that does not resolve is refused too; fetch would fail on it anyway.
 *
 * Known gap: fetch resolves the name again, so a DNS server that answers differently within milliseconds
 * (rebinding) could slip past. Closing it needs a connect-time check in the HTTP client (an undici dispatcher
 * with a `lookup` hook); see docs/decisions/webhook-targets.md.
 */
export function createWebhookAddressGuard(
  policy: WebhookTargetPolicy,
  resolve: ResolveHostname = resolveWithSystemDns,
): WebhookAddressGuard {
  return {
    async allows(url) {
      if (policy.allowsEverything) return true;
      if (policy.refusalForUrl(url) !== null) return false;
      const host = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
      let addresses: string[];
      try {
        addresses = await resolve(host);
      } catch {
        return false;
      }
      return addresses.length > 0 && addresses.every((address) => policy.refusalForAddress(address) === null);
    },
  };
}
