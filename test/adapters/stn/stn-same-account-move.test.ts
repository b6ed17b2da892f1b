import { describe, expect, it } from 'vitest';
import { stnPlugin } from '../../../src/adapters/stn/index.js';
import type { StnConnectionConfig } from '../../../src/adapters/stn/stn-connection-config.js';

const move = stnPlugin.sameAccountMove!;
const regular: StnConnectionConfig = { baseUrl: 'https://api.stn.test/', apiKey: 'k1', providerEnvironment: 'SP16001' };

describe('sTN: when two connections are one account’s two environments', () => {
  it('is a MoveEnvironment (change_plan to the target’s environment) for the same API, key and customer', () => {
    expect(move(regular, { ...regular, providerEnvironment: 'SP16002' })).toEqual({
      kind: 'change_plan',
      plan: 'SP16002',
    });
    expect(move({ ...regular, providerEnvironment: 'SP16002' }, regular)).toEqual({
      kind: 'change_plan',
      plan: 'SP16001',
    });
    // The same URL written without its trailing slash is the same API.
    expect(move(regular, { ...regular, baseUrl: 'https://api.stn.test', providerEnvironment: 'SP16002' })).toEqual({
      kind: 'change_plan',
      plan: 'SP16002',
    });
  });

  it('is not when anything says another account, or an environment is not named on both', () => {
    const unlimited = { ...regular, providerEnvironment: 'SP16002' as const };
    expect(move(regular, { ...unlimited, apiKey: 'k2' })).toBeNull();
    expect(move(regular, { ...unlimited, baseUrl: 'https://other.stn.test' })).toBeNull();
    expect(move(regular, { ...unlimited, stnCustomerId: 'C2' })).toBeNull();
    expect(move(regular, regular)).toBeNull();
    const { providerEnvironment: _, ...unnamed } = regular;
    expect(move(unnamed, unlimited)).toBeNull();
    expect(move(regular, { ...unnamed })).toBeNull();
  });
});
