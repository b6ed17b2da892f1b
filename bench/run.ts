/**
 * `npm run bench`. Reports what a piece of work costs, measured in one run; counts are exact, and any times are
 * shown for this machine only (compare ratios side by side, never absolute times across machines).
 */
import { measureCarrierRequestCost } from './carrier-request-cost.js';

const activations = Number(process.env.BENCH_ACTIVATIONS ?? 200);
console.log(`Carrier requests for ${activations} activations per carrier (gateway + simulators in process, PGlite):`);
for (const cost of await measureCarrierRequestCost(activations)) {
  console.log(
    `  ${cost.carrier}: ${cost.requests} carrier requests for ${cost.activations} activations ` +
      `(${(cost.requests / cost.activations).toFixed(2)} per activation; ${cost.succeeded} succeeded)`,
  );
  for (const [path, count] of Object.entries(cost.byPath).sort())
    console.log(`      ${String(count).padStart(5)}  ${path}`);
}
