import type { SpsProductBody, SpsSubscriptionProduct } from '../sps-api-types.js';

/**
 * Products on a simulated line: ADD puts one on, REMOVE takes it off (a no-op when the line lacks it, so a "turn it
 * off" is safe to repeat), UPDATE sets its quantity (adding it when absent). Every id is looked up in the catalogue
 * first, as a real product lookup would; one unknown id refuses the whole change. Pure: returns the new list, so a
 * rule can check everything before it changes the line.
 */
export type ProductChangeResult =
  | { ok: true; products: SpsSubscriptionProduct[] }
  | { ok: false; code: string; message: string };

export function applyProductChanges(
  held: readonly SpsSubscriptionProduct[],
  changes: readonly SpsProductBody[],
  catalogue: ReadonlySet<string>,
): ProductChangeResult {
  const unknown = changes.filter((change) => !catalogue.has(change.productId)).map((change) => change.productId);
  if (unknown.length > 0) {
    return { ok: false, code: 'SPS-TXN-PRODUCT-UNKNOWN', message: `Unknown product ${unknown.join(', ')}` };
  }
  const products = new Map(held.map((product) => [product.productId, { ...product }]));
  for (const change of changes) {
    if (change.action === 'REMOVE') {
      products.delete(change.productId);
      continue;
    }
    const quantity = change.quantity ?? products.get(change.productId)?.quantity;
    products.set(change.productId, { productId: change.productId, ...(quantity !== undefined ? { quantity } : {}) });
  }
  return { ok: true, products: [...products.values()] };
}
