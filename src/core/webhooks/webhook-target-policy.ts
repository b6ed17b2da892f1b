import { type CidrRange, cidrContains, embeddedIpv4, type IpAddress, parseCidr, parseIpAddress } from './ip-ranges.js';

/**
 * Which addresses a tenant's webhook may reach. A webhook URL is chosen by the tenant and the gateway reports what
 * became of each delivery, so without this a tenant could use the gateway to probe the network it runs in
 * (loopback services, the cloud metadata endpoint, the private LAN). Pure: the runtime resolves names and asks.
 */
const blockedRanges: ReadonlyArray<{ cidr: string; reason: string }> = [
  { cidr: '0.0.0.0/8', reason: 'unspecified ("this network")' },
  { cidr: '10.0.0.0/8', reason: 'private (RFC 1918)' },
  { cidr: '100.64.0.0/10', reason: 'shared address space (CGNAT)' },
  { cidr: '127.0.0.0/8', reason: 'loopback' },
  { cidr: '169.254.0.0/16', reason: 'link-local (and cloud metadata)' },
  { cidr: '172.16.0.0/12', reason: 'private (RFC 1918)' },
  { cidr: '192.0.0.0/24', reason: 'IETF protocol assignments' },
  { cidr: '192.0.2.0/24', reason: 'documentation' },
  { cidr: '192.168.0.0/16', reason: 'private (RFC 1918)' },
  { cidr: '198.18.0.0/15', reason: 'benchmarking' },
  { cidr: '198.51.100.0/24', reason: 'documentation' },
  { cidr: '203.0.113.0/24', reason: 'documentation' },
  { cidr: '224.0.0.0/4', reason: 'multicast' },
  { cidr: '240.0.0.0/4', reason: 'reserved (and broadcast)' },
  { cidr: '::/128', reason: 'unspecified' },
  { cidr: '::1/128', reason: 'loopback' },
  { cidr: 'fc00::/7', reason: 'unique local (ULA)' },
  { cidr: 'fe80::/10', reason: 'link-local' },
  { cidr: 'fec0::/10', reason: 'site-local' },
  { cidr: 'ff00::/8', reason: 'multicast' },
  { cidr: '2001:db8::/32', reason: 'documentation' },
];
const parsedBlockedRanges = blockedRanges.map((entry) => ({ range: parseCidr(entry.cidr)!, reason: entry.reason }));

/** What sandbox mode allows by default: its own loopback receivers, nothing else private. */
export const loopbackCidrs: readonly string[] = ['127.0.0.0/8', '::1/128'];

export interface WebhookTargetPolicyOptions {
  /** Allow every address (an operator's explicit choice, e.g. a gateway inside a private network). */
  allowPrivate: boolean;
  /** Private ranges allowed nonetheless, e.g. `10.20.0.0/16` for an internal receiver. */
  allowedCidrs: readonly string[];
}

export interface WebhookTargetPolicy {
  /** Why this address may not be reached (`loopback`, `private (RFC 1918)`…), or null when it may. */
  refusalForAddress(address: string): string | null;
  /**
   * Why this URL may not be reached, as far as it can be told without DNS: an IP literal, or a `localhost` name.
   * Null for any other host name; the runtime's address guard checks what it resolves to at delivery.
   */
  refusalForUrl(url: URL): string | null;
  /** Every address is allowed: no need to resolve names at all. */
  readonly allowsEverything: boolean;
}

function blockedReason(address: IpAddress): string | null {
  const blocked = parsedBlockedRanges.find((entry) => cidrContains(entry.range, address));
  if (blocked) return blocked.reason;
  const embedded = embeddedIpv4(address);
  return embedded ? blockedReason(embedded) : null;
}

export function createWebhookTargetPolicy(options: WebhookTargetPolicyOptions): WebhookTargetPolicy {
  const allowed: CidrRange[] = options.allowedCidrs.map((text) => {
    const range = parseCidr(text);
    if (!range) throw new Error(`Not a CIDR range: ${text}`);
    return range;
  });
  const refusalForAddress = (text: string): string | null => {
    if (options.allowPrivate) return null;
    const address = parseIpAddress(text);
    if (!address) return 'not an IP address';
    const reason = blockedReason(address);
    if (reason === null) return null;
    const effective = embeddedIpv4(address) ?? address;
    const isAllowed = allowed.some((range) => cidrContains(range, address) || cidrContains(range, effective));
    return isAllowed ? null : reason;
  };
  return {
    allowsEverything: options.allowPrivate,
    refusalForAddress,
    refusalForUrl(url) {
      if (options.allowPrivate) return null;
      const host = url.hostname.toLowerCase().replace(/\.$/, '');
      if (host === 'localhost' || host.endsWith('.localhost')) return refusalForAddress('127.0.0.1');
      return parseIpAddress(host) ? refusalForAddress(host) : null;
    },
  };
}

/** True when every text is a CIDR range (or a single address); for validating configuration. */
export function isCidrList(texts: readonly string[]): boolean {
  return texts.every((text) => parseCidr(text) !== null);
}
