import { describe, expect, it } from 'vitest';
import packageJson from '../../package.json' with { type: 'json' };
import { ConfigError, loadConfig } from '../../src/runtime/config.js';
import { gatewayVersion } from '../../src/runtime/version.js';

describe('configuration from the environment', () => {
  it('starts with no variables at all: sandbox on PGlite, port 8080, the documented sandbox key', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      PORT: 8080,
      HOST: '127.0.0.1',
      DATA_DIR: './.data',
      SANDBOX_API_KEY: 'sk_sandbox_mvno_gateway',
      sandbox: true,
      publicUrl: 'http://127.0.0.1:8080',
    });
    expect(config.DATABASE_URL).toBeUndefined();
  });

  it('names the variable that is wrong', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(ConfigError);
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/PORT:/);
    expect(() => loadConfig({ DATABASE_URL: 'mysql://x' })).toThrow(/DATABASE_URL:/);
    expect(() => loadConfig({ ADMIN_API_KEY: 'short' })).toThrow(/ADMIN_API_KEY: must be at least 16 characters/);
  });

  it('says which DATABASE_URL schemes work, without repeating the URL', () => {
    expect(() => loadConfig({ DATABASE_URL: 'mysql://root:hunter2@db/gateway' })).toThrow(
      'DATABASE_URL: must be a postgres:// or postgresql:// URL (got mysql://); leave it unset for embedded PGlite',
    );
    expect(() => loadConfig({ DATABASE_URL: 'mysql://root:hunter2@db/gateway' })).not.toThrow(/hunter2/);
    expect(loadConfig({ DATABASE_URL: 'postgresql://db/gateway' }).DATABASE_URL).toBe('postgresql://db/gateway');
  });

  it('limits request bodies to 1 MiB unless BODY_LIMIT_BYTES says otherwise', () => {
    expect(loadConfig({}).BODY_LIMIT_BYTES).toBe(1024 * 1024);
    expect(loadConfig({ BODY_LIMIT_BYTES: '65536' }).BODY_LIMIT_BYTES).toBe(65536);
    expect(() => loadConfig({ BODY_LIMIT_BYTES: '10' })).toThrow(/BODY_LIMIT_BYTES:/);
  });

  it('treats an empty variable as unset', () => {
    expect(loadConfig({ DATABASE_URL: '', ADMIN_API_KEY: '' }).DATABASE_URL).toBeUndefined();
  });

  it('leaves sandbox mode when carrier credentials are configured, and wants them complete', () => {
    const config = loadConfig({ STN_BASE_URL: 'https://stn.example', STN_API_KEY: 'k' });
    expect(config.sandbox).toBe(false);
    expect(() => loadConfig({ STN_API_KEY: 'k' })).toThrow(/STN_BASE_URL and STN_API_KEY go together/);
    expect(() => loadConfig({ SPS_CLIENT_ID: 'id' })).toThrow(/SPS_BASE_URL, SPS_CLIENT_ID/);
  });

  it('allows loopback webhook targets in sandbox mode only, private ones only when the operator says so', () => {
    expect(loadConfig({}).webhookTargets).toEqual({ allowPrivate: false, allowedCidrs: ['127.0.0.0/8', '::1/128'] });
    expect(loadConfig({ SANDBOX: 'false' }).webhookTargets).toEqual({ allowPrivate: false, allowedCidrs: [] });
    expect(loadConfig({ WEBHOOK_ALLOW_PRIVATE_TARGETS: 'false' }).webhookTargets.allowedCidrs).toEqual([]);
    expect(loadConfig({ WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true' }).webhookTargets.allowPrivate).toBe(true);
    expect(
      loadConfig({ SANDBOX: 'false', WEBHOOK_ALLOWED_PRIVATE_CIDRS: '10.20.0.0/16, fd00::/8' }).webhookTargets,
    ).toEqual({ allowPrivate: false, allowedCidrs: ['10.20.0.0/16', 'fd00::/8'] });
    expect(() => loadConfig({ WEBHOOK_ALLOWED_PRIVATE_CIDRS: '10.0.0.0/40' })).toThrow(
      /WEBHOOK_ALLOWED_PRIVATE_CIDRS:/,
    );
  });

  it('takes CARRIER_ as the default prefix of referenceable variables, and refuses a malformed one', () => {
    expect(loadConfig({}).CARRIER_ENV_PREFIX).toBe('CARRIER_');
    expect(() => loadConfig({ CARRIER_ENV_PREFIX: '' })).toThrow(/CARRIER_ENV_PREFIX:/);
  });

  it('reports the same version as package.json', () => {
    expect(gatewayVersion).toBe(packageJson.version);
  });
});
