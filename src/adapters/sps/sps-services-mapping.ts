import type { CanonicalServiceName, CanonicalServices } from '../../core/services-catalogue.js';
import type { SpsProductBody, SpsSubscriptionProduct } from './sps-api-types.js';

/**
 * Canonical services ⇄ SPS products, an inference (docs/decisions/sps-change-plan-and-services.md): SPS has no
 * public product catalogue, so the ids are ours, to be replaced by the ones agreed with DISH. Only services whose
 * meaning carries over unchanged to a US 5G wholesale line are mapped; EU roaming, Dutch number ranges and sTN's
 * bundles and spend limits are not, so the core refuses them for SPS with 422.
 */
export const spsServiceProducts = {
  voicemail: 'VOICEMAIL',
  internationalCalls: 'INTL_CALLING',
  voiceRoaming: 'INTL_ROAMING_VOICE',
} as const satisfies Partial<Record<CanonicalServiceName, string>>;

export type SpsServiceName = keyof typeof spsServiceProducts;
export const spsServiceNames = Object.keys(spsServiceProducts) as SpsServiceName[];

export function isSpsService(name: string): name is SpsServiceName {
  return Object.hasOwn(spsServiceProducts, name);
}

/** The service a product id stands for, if any (to spot a product that `carrierOptions.sps.products` also sets). */
export function serviceOfProduct(productId: string): SpsServiceName | undefined {
  return spsServiceNames.find((name) => spsServiceProducts[name] === productId);
}

/** true adds the product, false removes it; services this file does not map are skipped (validate refused them). */
export function productsForServices(services: CanonicalServices | undefined): SpsProductBody[] {
  return Object.entries(services ?? {}).flatMap(([name, value]) =>
    isSpsService(name) && typeof value === 'boolean'
      ? [{ productId: spsServiceProducts[name], action: value ? ('ADD' as const) : ('REMOVE' as const) }]
      : [],
  );
}

/**
 * The mapped services as the products a line holds say they are: held → true, not held → false. SPS products come
 * on top of the wholesale plan, so a mapped feature without its product is off. Without a product list (SPS did not
 * say) nothing is claimed.
 */
export function servicesFromProducts(products: readonly Pick<SpsSubscriptionProduct, 'productId'>[] | undefined) {
  if (products === undefined) return undefined;
  const held = new Set(products.map((product) => product.productId));
  return Object.fromEntries(
    spsServiceNames.map((name) => [name, held.has(spsServiceProducts[name])]),
  ) as CanonicalServices;
}
