/**
 * IP addresses and CIDR ranges as bytes, without node:net (the core runs on any runtime). Enough to decide whether
 * a webhook target is on a private network: parse what `new URL()` leaves in a hostname and what a DNS lookup
 * returns, and test membership in a range.
 */
export interface IpAddress {
  version: 4 | 6;
  /** 4 or 16 bytes, network order. */
  bytes: Uint8Array;
}

export interface CidrRange {
  address: IpAddress;
  prefixLength: number;
}

function parseIpv4(text: string): Uint8Array | null {
  const parts = text.split('.');
  if (parts.length !== 4) return null;
  const bytes = new Uint8Array(4);
  for (let index = 0; index < 4; index++) {
    const part = parts[index]!;
    if (!/^(0|[1-9][0-9]{0,2})$/.test(part) || Number(part) > 255) return null;
    bytes[index] = Number(part);
  }
  return bytes;
}

function parseIpv6(text: string): Uint8Array | null {
  let body = text;
  // An embedded dotted IPv4 tail (`::ffff:127.0.0.1`) stands for the last two groups.
  let tail: Uint8Array | null = null;
  const lastColon = body.lastIndexOf(':');
  if (body.slice(lastColon + 1).includes('.')) {
    tail = parseIpv4(body.slice(lastColon + 1));
    if (!tail) return null;
    body = `${body.slice(0, lastColon + 1)}0:0`;
  }
  const halves = body.split('::');
  if (halves.length > 2) return null;
  const groupsOf = (half: string) => (half === '' ? [] : half.split(':'));
  const head = groupsOf(halves[0]!);
  const rest = halves.length === 2 ? groupsOf(halves[1]!) : [];
  const missing = 8 - head.length - rest.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return null;
  const groups = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...rest];
  const bytes = new Uint8Array(16);
  for (let index = 0; index < 8; index++) {
    const group = groups[index]!;
    if (!/^[0-9a-fA-F]{1,4}$/.test(group)) return null;
    const value = Number.parseInt(group, 16);
    bytes[index * 2] = value >> 8;
    bytes[index * 2 + 1] = value & 0xff;
  }
  if (tail) bytes.set(tail, 12);
  return bytes;
}

/** An IPv4 dotted quad or an IPv6 address (brackets and a zone id allowed); null for anything else. */
export function parseIpAddress(text: string): IpAddress | null {
  const unbracketed = text.startsWith('[') && text.endsWith(']') ? text.slice(1, -1) : text;
  const withoutZone = unbracketed.split('%')[0]!;
  const v4 = parseIpv4(withoutZone);
  if (v4) return { version: 4, bytes: v4 };
  if (!withoutZone.includes(':')) return null;
  const v6 = parseIpv6(withoutZone);
  return v6 ? { version: 6, bytes: v6 } : null;
}

/** `10.0.0.0/8`, `fd00::/8`; a bare address is a single-address range. Null when malformed. */
export function parseCidr(text: string): CidrRange | null {
  const [addressText, lengthText, ...extra] = text.trim().split('/');
  if (extra.length > 0 || !addressText) return null;
  const address = parseIpAddress(addressText);
  if (!address) return null;
  const maximum = address.version === 4 ? 32 : 128;
  if (lengthText === undefined) return { address, prefixLength: maximum };
  if (!/^[0-9]{1,3}$/.test(lengthText) || Number(lengthText) > maximum) return null;
  return { address, prefixLength: Number(lengthText) };
}

export function cidrContains(range: CidrRange, address: IpAddress): boolean {
  if (range.address.version !== address.version) return false;
  for (let bit = 0; bit < range.prefixLength; bit++) {
    const byte = bit >> 3;
    const mask = 0x80 >> (bit & 7);
    if ((range.address.bytes[byte]! & mask) !== (address.bytes[byte]! & mask)) return false;
  }
  return true;
}

/**
 * The IPv4 address an IPv6 address stands for, where it does: IPv4-mapped (`::ffff:a.b.c.d`), IPv4-compatible
 * (`::a.b.c.d`, deprecated) and NAT64 (`64:ff9b::a.b.c.d`) all reach that IPv4 host.
 */
export function embeddedIpv4(address: IpAddress): IpAddress | null {
  if (address.version !== 6) return null;
  const bytes = address.bytes;
  const zeroes = (from: number, to: number) => bytes.slice(from, to).every((byte) => byte === 0);
  const mapped = zeroes(0, 10) && bytes[10] === 0xff && bytes[11] === 0xff;
  const compatible = zeroes(0, 12) && !zeroes(12, 16);
  const nat64 = bytes[0] === 0x00 && bytes[1] === 0x64 && bytes[2] === 0xff && bytes[3] === 0x9b && zeroes(4, 12);
  return mapped || compatible || nat64 ? { version: 4, bytes: bytes.slice(12, 16) } : null;
}
