import { describe, expect, it } from 'vitest';
import { spsCapabilities } from '../../../src/adapters/sps/sps-capabilities.js';
import {
  productsForServices,
  servicesFromProducts,
  spsServiceProducts,
} from '../../../src/adapters/sps/sps-services-mapping.js';
import { checkCapabilities } from '../../../src/core/carriers/capability-check.js';
import { GatewayError, UnsupportedByCarrierError } from '../../../src/core/errors.js';
import { createHarness, location } from './sps-test-harness.js';

/**
 * Canonical services on SPS: the mapped ones travel as Subscription MACD / activation products (an inference, see
 * docs/decisions/sps-change-plan-and-services.md), the simulator keeps them on the line, and the adapter reads them
 * back as services — once learning results only from callbacks, once only from polling.
 */
type Harness = ReturnType<typeof createHarness>;
const heldProducts = (harness: Harness, iccid: string) =>
  harness.simulator.line({ iccid })?.products.map((product) => product.productId);

describe.each(['callbacks', 'polling'] as const)('SPS services, results through %s only', (mode) => {
  function expectOnlyThisChannel(harness: Harness) {
    const statusCalls = harness.simulator.ledger.count('GET', (path) =>
      path.startsWith('/subscription/transaction/status/'),
    );
    if (mode === 'callbacks') expect(statusCalls).toBe(0);
    else expect(harness.simulator.callbackAttempts()).toHaveLength(0);
  }

  it('changes services through Subscription MACD and reports the services now in force', async () => {
    const harness = createHarness({ mode });
    const { line } = await harness.activatePhysical();

    const added = await harness.run(
      'change_services',
      { services: { voicemail: true, internationalCalls: true } },
      line,
    );
    expect(added.update).toMatchObject({ state: 'succeeded', carrierStatus: 'Success' });
    expect(added.update.facts?.services).toEqual({ voicemail: true, internationalCalls: true, voiceRoaming: false });
    const [macd] = harness.simulator.ledger.find('POST', '/subscription/macd');
    expect(macd?.body).toMatchObject({
      partnerTransactionId: added.submission.operation.id,
      products: [
        { productId: 'VOICEMAIL', action: 'ADD' },
        { productId: 'INTL_CALLING', action: 'ADD' },
      ],
    });

    const removed = await harness.run('change_services', { services: { voicemail: false } }, line);
    expect(removed.update.facts?.services).toEqual({ voicemail: false, internationalCalls: true, voiceRoaming: false });
    expect(heldProducts(harness, line.iccid!)).toEqual(['INTL_CALLING']);

    const view = await harness.adapter.getSubscription!({
      carrierSubscriptionId: null,
      msisdn: line.msisdn,
      iccid: null,
    });
    expect(view.services).toEqual({ voicemail: false, internationalCalls: true, voiceRoaming: false });
    expectOnlyThisChannel(harness);
  });

  it('treats turning off a service the line lacks as done (REMOVE is a no-op)', async () => {
    const harness = createHarness({ mode });
    const { line } = await harness.activatePhysical();
    const { update } = await harness.run('change_services', { services: { voiceRoaming: false } }, line);
    expect(update.state).toBe('succeeded');
    expect(heldProducts(harness, line.iccid!)).toEqual([]);
  });

  it('activates with services as products, merged with carrierOptions.sps.products', async () => {
    const harness = createHarness({ mode });
    const { update, line } = await harness.activatePhysical({
      services: { voicemail: true, voiceRoaming: false },
      carrierOptions: { sps: { location, products: [{ productId: 'HOTSPOT', action: 'ADD' }] } },
    });
    expect(update.state).toBe('succeeded');
    expect(update.facts?.services).toEqual({ voicemail: true, internationalCalls: false, voiceRoaming: false });
    expect(heldProducts(harness, line.iccid!)).toEqual(['VOICEMAIL', 'HOTSPOT']);
    const [activation] = harness.simulator.ledger.find('POST', '/subscription/activate');
    expect(activation?.body).toHaveProperty('products', [
      { productId: 'VOICEMAIL', action: 'ADD' },
      { productId: 'INTL_ROAMING_VOICE', action: 'REMOVE' },
      { productId: 'HOTSPOT', action: 'ADD' },
    ]);
    expectOnlyThisChannel(harness);
  });

  it('ports a number in with services as products', async () => {
    const harness = createHarness({ mode });
    const iccid = harness.simulator.listAvailableSims()[0]!;
    const { update } = await harness.run(
      'port_in',
      {
        sim: { type: 'physical', iccid },
        plan: 'Plan001',
        services: { internationalCalls: true },
        portIn: { msisdn: '+13035550100', donorAccountNumber: 'ACC1001', donorAccountPin: '1234' },
        carrierOptions: { sps: { location } },
      },
      harness.newLine(),
    );
    expect(update.state).toBe('succeeded');
    expect(update.facts?.services?.internationalCalls).toBe(true);
    expect(heldProducts(harness, iccid)).toEqual(['INTL_CALLING']);
  });

  it("fails the change when SPS's catalogue lacks a product, changing nothing on the line", async () => {
    const harness = createHarness({ mode, simulator: { seed: { productIds: ['VOICEMAIL', 'INTL_CALLING'] } } });
    const { line } = await harness.activatePhysical();
    const { update } = await harness.run(
      'change_services',
      { services: { voicemail: true, voiceRoaming: true } },
      line,
    );
    expect(update).toMatchObject({ state: 'failed', carrierStatus: 'Failure' });
    expect(update.failure).toEqual({
      code: 'SPS-TXN-PRODUCT-UNKNOWN',
      message: 'Unknown product INTL_ROAMING_VOICE',
    });
    expect(update.facts).toBeUndefined();
    expect(heldProducts(harness, line.iccid!)).toEqual([]);
    expectOnlyThisChannel(harness);
  });

  it('fails an activation whose services need a product SPS does not know, leaving the SIM in stock', async () => {
    const harness = createHarness({ mode, simulator: { seed: { productIds: [] } } });
    const iccid = harness.simulator.listAvailableSims()[0]!;
    const { update } = await harness.activatePhysical({ services: { voicemail: true } });
    expect(update.failure?.code).toBe('SPS-TXN-PRODUCT-UNKNOWN');
    expect(harness.simulator.listAvailableSims()).toContain(iccid);
  });
});

describe('SPS services refused before sending', () => {
  it('refuses an unmapped service in validate and in the core capability check; nothing reaches SPS', async () => {
    const harness = createHarness({ mode: 'polling' });
    const { line } = await harness.activatePhysical();
    const request = { services: { voicemail: true, dataRoamingEu: true } };

    const error = await harness.run('change_services', request, line).then(
      () => null,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(UnsupportedByCarrierError);
    expect(GatewayError.isInstance(error) && error.errors?.map((fieldError) => fieldError.pointer)).toEqual([
      '/services/dataRoamingEu',
    ]);
    expect(() =>
      checkCapabilities({ carrierId: 'sps', capabilities: spsCapabilities, kind: 'change_services', request }),
    ).toThrow(UnsupportedByCarrierError);
    expect(harness.simulator.ledger.count('POST', '/subscription/macd')).toBe(0);
  });
});

describe('SPS services mapping', () => {
  it('turns true into ADD and false into REMOVE, one product per mapped service', () => {
    expect(productsForServices({ voicemail: true, internationalCalls: false })).toEqual([
      { productId: spsServiceProducts.voicemail, action: 'ADD' },
      { productId: spsServiceProducts.internationalCalls, action: 'REMOVE' },
    ]);
    expect(productsForServices(undefined)).toEqual([]);
  });

  it('claims nothing when SPS gives no product list, and ignores products it does not map', () => {
    expect(servicesFromProducts(undefined)).toBeUndefined();
    expect(servicesFromProducts([{ productId: 'HOTSPOT' }, { productId: 'INTL_ROAMING_VOICE' }])).toEqual({
      voicemail: false,
      internationalCalls: false,
      voiceRoaming: true,
    });
  });
});
