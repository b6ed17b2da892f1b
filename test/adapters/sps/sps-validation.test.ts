import { describe, expect, it } from 'vitest';
import { spsPlugin } from '../../../src/adapters/sps/index.js';
import { GatewayError, UnsupportedByCarrierError, ValidationError } from '../../../src/core/errors.js';
import { createHarness, location } from './sps-test-harness.js';

/** What `validate` tells a caller before anything is stored, with pointers into the caller's own request. */
const { adapter } = createHarness();
const physical = { type: 'physical', iccid: '8901260000000000001' };

function pointersOf(run: () => unknown): string[] {
  try {
    run();
  } catch (error) {
    if (GatewayError.isInstance(error)) return (error.errors ?? []).map((fieldError) => fieldError.pointer);
    throw error;
  }
  throw new Error('expected validate to refuse the request');
}

describe('SPS validate', () => {
  it('accepts a complete activation', () => {
    expect(
      adapter.validate('activate', { sim: physical, plan: 'Plan001', carrierOptions: { sps: { location } } }),
    ).toEqual({
      warnings: [],
    });
  });

  it('requires the wholesale plan and the service location', () => {
    expect(pointersOf(() => adapter.validate('activate', { sim: physical }))).toEqual(['/carrierOptions/sps/location']);
    expect(
      pointersOf(() => adapter.validate('activate', { sim: physical, carrierOptions: { sps: { location } } })),
    ).toEqual(['/plan']);
  });

  it('points at the exact field inside carrierOptions.sps', () => {
    const request = {
      sim: physical,
      plan: 'Plan001',
      carrierOptions: { sps: { location: { ...location, zipCode: '8011' }, billCycleStartDay: 31 } },
    };
    expect(pointersOf(() => adapter.validate('activate', request))).toEqual([
      '/carrierOptions/sps/location/zipCode',
      '/carrierOptions/sps/billCycleStartDay',
    ]);
  });

  it('refuses unknown carrier options instead of dropping them', () => {
    const request = { sim: physical, plan: 'Plan001', carrierOptions: { sps: { location, colour: 'blue' } } };
    expect(() => adapter.validate('activate', request)).toThrow(ValidationError);
  });

  it("enforces SPS's tighter formats: ICCID 19–20 digits, IMEI 15–17, EID for eSIM", () => {
    const base = { plan: 'Plan001', carrierOptions: { sps: { location } } };
    expect(
      pointersOf(() =>
        adapter.validate('activate', { ...base, sim: { type: 'physical', iccid: '890126000000000001' } }),
      ),
    ).toEqual(['/sim/iccid']);
    expect(pointersOf(() => adapter.validate('activate', { ...base, sim: physical, imei: '35646252000000' }))).toEqual([
      '/imei',
    ]);
    expect(pointersOf(() => adapter.validate('activate', { ...base, sim: { type: 'esim' } }))).toEqual(['/sim/eid']);
  });

  it('warns that eSIM e-mail delivery is ignored, as SPS hands back a QR code', () => {
    const result = adapter.validate('activate', {
      sim: { type: 'esim', eid: '89049032000001000000000000000123', deliveryEmail: 'a@example.com' },
      plan: 'Plan001',
      carrierOptions: { sps: { location } },
    });
    expect(result.warnings).toEqual([expect.stringContaining('deliveryEmail')]);
  });

  it('needs the donor account and PIN for a port-in, and a number SPS can hold', () => {
    const request = {
      sim: physical,
      plan: 'Plan001',
      portIn: { msisdn: '+3161234567' },
      carrierOptions: { sps: { location } },
    };
    expect(pointersOf(() => adapter.validate('port_in', request))).toEqual([
      '/portIn/msisdn',
      '/portIn/donorAccountNumber',
      '/portIn/donorAccountPin',
    ]);
  });

  it('needs the reservation order to change to a chosen number', () => {
    expect(pointersOf(() => adapter.validate('change_number', { msisdn: '+19455559999' }))).toEqual([
      '/carrierOptions/sps/gpsiReservationId',
    ]);
    expect(adapter.validate('change_number', {})).toEqual({ warnings: [] });
  });

  it('refuses what SPS cannot do: scheduling, services without an SPS product, kinds it lacks', () => {
    expect(() => adapter.validate('cease', { ceaseAt: '2030-01-01T00:00:00Z' })).toThrow(UnsupportedByCarrierError);
    expect(() => adapter.validate('change_plan', { plan: 'Plan002', effectiveAt: '2030-01-01T00:00:00Z' })).toThrow(
      UnsupportedByCarrierError,
    );
    const activation = { sim: physical, plan: 'Plan001', carrierOptions: { sps: { location } } };
    expect(() => adapter.validate('activate', { ...activation, services: { dataRoamingEu: true } })).toThrow(
      UnsupportedByCarrierError,
    );
    expect(pointersOf(() => adapter.validate('change_services', { services: { premiumNumbers: false } }))).toEqual([
      '/services/premiumNumbers',
    ]);
    expect(() => adapter.validate('port_out', {})).toThrow(UnsupportedByCarrierError);
  });

  it('accepts the mapped services, and refuses a product set both as a service and in carrierOptions', () => {
    expect(adapter.validate('change_services', { services: { voicemail: true, voiceRoaming: false } })).toEqual({
      warnings: [],
    });
    expect(pointersOf(() => adapter.validate('change_services', { services: {} }))).toEqual(['/services']);
    const request = {
      sim: physical,
      plan: 'Plan001',
      services: { voicemail: true },
      carrierOptions: { sps: { location, products: [{ productId: 'VOICEMAIL', action: 'REMOVE' }] } },
    };
    expect(pointersOf(() => adapter.validate('activate', request))).toEqual([
      '/carrierOptions/sps/products/0/productId',
    ]);
  });
});

describe('SPS plugin', () => {
  it('fills every prefix and the token path with the pinned defaults', () => {
    const config = spsPlugin.connectionConfigSchema.parse({
      baseUrl: 'https://sps.example.test',
      clientId: 'id',
      clientSecret: 'secret',
      callbackSecret: 'callback-secret-0123456789',
      prefixes: { sim: '/sps/v5/sim' },
    });
    expect(config).toMatchObject({
      tokenPath: '/oauth2/token',
      callbackToleranceSeconds: 300,
      prefixes: {
        subscription: '/subscription',
        portin: '/portin',
        device: '/device',
        number: '/number',
        sim: '/sps/v5/sim',
        profile: '/profile',
        admin: '/admin',
      },
    });
  });

  it('declares its secrets and that SPS ceases only active lines', () => {
    expect(spsPlugin.secretConfigFields).toEqual(['clientSecret', 'callbackSecret']);
    expect(spsPlugin.capabilities.stateRestrictions?.cease).toEqual(['active']);
    expect(spsPlugin.capabilities.stateRestrictions?.change_services).toEqual(['active']);
    expect(spsPlugin.capabilities.services).toEqual(['voicemail', 'internationalCalls', 'voiceRoaming']);
  });
});
