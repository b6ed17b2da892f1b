import { describe, expect, it } from 'vitest';
import { createWebhookTargetPolicy, parseCidr, parseIpAddress } from '../../src/core/index.js';

const strict = createWebhookTargetPolicy({ allowPrivate: false, allowedCidrs: [] });

describe('webhook target policy: addresses', () => {
  it.each([
    ['0.0.0.0', 'unspecified'],
    ['0.1.2.3', 'unspecified'],
    ['10.0.0.1', 'RFC 1918'],
    ['100.64.0.1', 'CGNAT'],
    ['100.127.255.254', 'CGNAT'],
    ['127.0.0.1', 'loopback'],
    ['127.255.0.9', 'loopback'],
    ['169.254.169.254', 'link-local'],
    ['172.16.0.1', 'RFC 1918'],
    ['172.31.255.255', 'RFC 1918'],
    ['192.168.1.1', 'RFC 1918'],
    ['224.0.0.1', 'multicast'],
    ['255.255.255.255', 'reserved'],
    ['::', 'unspecified'],
    ['::1', 'loopback'],
    ['fc00::1', 'unique local'],
    ['fd12:3456::1', 'unique local'],
    ['fe80::1', 'link-local'],
    ['fe80::1%eth0', 'link-local'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['::ffff:169.254.169.254', 'link-local'],
    ['::ffff:10.1.2.3', 'RFC 1918'],
    ['64:ff9b::a9fe:a9fe', 'link-local'],
    ['::127.0.0.1', 'loopback'],
  ])('refuses %s (%s)', (address, reason) => {
    expect(strict.refusalForAddress(address)).toContain(reason);
  });

  it.each(['93.184.216.34', '8.8.8.8', '100.128.0.1', '172.32.0.1', '2606:4700::1111', '::ffff:8.8.8.8'])(
    'allows the public address %s',
    (address) => {
      expect(strict.refusalForAddress(address)).toBeNull();
    },
  );

  it('refuses what is not an address at all', () => {
    expect(strict.refusalForAddress('example.com')).not.toBeNull();
    expect(strict.refusalForAddress('1.2.3')).not.toBeNull();
    expect(strict.refusalForAddress('1:2:3:4:5:6:7:8:9')).not.toBeNull();
  });

  it('allows a private range an operator listed, and nothing beside it', () => {
    const policy = createWebhookTargetPolicy({ allowPrivate: false, allowedCidrs: ['10.20.0.0/16', 'fd00::/8'] });
    expect(policy.refusalForAddress('10.20.3.4')).toBeNull();
    expect(policy.refusalForAddress('::ffff:10.20.3.4')).toBeNull();
    expect(policy.refusalForAddress('fd00::5')).toBeNull();
    expect(policy.refusalForAddress('10.21.0.1')).not.toBeNull();
    expect(policy.refusalForAddress('127.0.0.1')).not.toBeNull();
  });

  it('allows everything when the operator says so', () => {
    const open = createWebhookTargetPolicy({ allowPrivate: true, allowedCidrs: [] });
    expect(open.allowsEverything).toBe(true);
    expect(open.refusalForAddress('127.0.0.1')).toBeNull();
    expect(open.refusalForUrl(new URL('http://localhost:1/'))).toBeNull();
  });
});

describe('webhook target policy: URLs before DNS', () => {
  it.each([
    'http://127.0.0.1:8080/x',
    'http://2130706433/x', // 127.0.0.1 written as one number; URL parsing normalises it
    'http://0x7f.1/x',
    'http://localhost:9/x',
    'http://api.localhost/x',
    'http://[::1]/x',
    'http://[::ffff:127.0.0.1]/x',
    'http://169.254.169.254/latest/meta-data',
    'https://192.168.0.10/x',
  ])('refuses %s', (url) => {
    expect(strict.refusalForUrl(new URL(url))).not.toBeNull();
  });

  it('leaves host names to the delivery-time check', () => {
    expect(strict.refusalForUrl(new URL('https://hooks.example.com/x'))).toBeNull();
  });
});

describe('IP parsing', () => {
  it('parses CIDR ranges and refuses malformed ones', () => {
    expect(parseCidr('10.0.0.0/8')?.prefixLength).toBe(8);
    expect(parseCidr('::1')?.prefixLength).toBe(128);
    expect(parseCidr('10.0.0.0/33')).toBeNull();
    expect(parseCidr('nonsense/8')).toBeNull();
    expect(parseIpAddress('[2001:db8::1]')?.version).toBe(6);
  });
});
