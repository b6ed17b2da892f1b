import type { FieldError } from '../../core/errors.js';
import { isSpsService, serviceOfProduct } from './sps-services-mapping.js';

/**
 * What `validate` checks about canonical services for SPS: each must map to an SPS product, and a product must not
 * be set twice — once through a service and once in `carrierOptions.sps.products` — since the two could disagree.
 */
export type ServiceFinding = { kind: 'invalid' | 'unsupported'; error: FieldError };

export function serviceFindings(
  services: Record<string, unknown> | undefined,
  optionProducts: readonly { productId: string }[] | undefined,
  options: { requireSome: boolean },
): ServiceFinding[] {
  const found: ServiceFinding[] = [];
  const names = Object.keys(services ?? {});
  if (options.requireSome && names.length === 0) {
    found.push({ kind: 'invalid', error: { pointer: '/services', detail: 'name at least one service to change' } });
  }
  for (const name of names.filter((candidate) => !isSpsService(candidate))) {
    found.push({
      kind: 'unsupported',
      error: { pointer: `/services/${name}`, detail: `SPS has no product for the service ${name}` },
    });
  }
  optionProducts?.forEach((product, index) => {
    const service = serviceOfProduct(product.productId);
    if (service && services?.[service] !== undefined) {
      found.push({
        kind: 'invalid',
        error: {
          pointer: `/carrierOptions/sps/products/${index}/productId`,
          detail: `also set by services.${service}; set it once`,
        },
      });
    }
  });
  return found;
}
