import { z } from 'zod';
import { parseScenario, scenarioFaultsSchema } from '../../simulator-kit/scenario.js';
import type { StnSimulatorOptions } from './index.js';

/**
 * A scenario file for the sTN simulator (`npm run simulator -- stn --seed scenario.json`): stock, donors, faults,
 * timing and the inferred rules to apply. Strict, so a misspelt key is an error rather than silently ignored.
 *
 *   { "stock": { "physicalSims": 10, "dataOnlySims": 2, "esimCapacity": 5, "activeSubscriptions": 1 },
 *     "donors": [{ "phoneNumber": "+31687650001", "donorCustomerNumber": "D-1" }],
 *     "faults": { "rateLimitRate": 0.1 }, "timing": "realistic", "rules": { "oneChangePerLine": true } }
 */
const count = (max: number) => z.number().int().min(0).max(max);

export const stnScenarioSchema = z.strictObject({
  stock: z
    .strictObject({
      physicalSims: count(100_000).optional(),
      dataOnlySims: count(100_000).optional(),
      esimCapacity: count(100_000).optional(),
      activeSubscriptions: count(10_000).optional(),
    })
    .optional(),
  donors: z
    .array(
      z.strictObject({
        phoneNumber: z.string().regex(/^(\+316|06-?)[0-9]{8}$/, 'must be a Dutch mobile number (+316… or 06-…)'),
        donorCustomerNumber: z.string().min(1).max(64),
      }),
    )
    .optional(),
  faults: scenarioFaultsSchema.optional(),
  timing: z.enum(['fast', 'realistic']).optional(),
  rules: z
    .strictObject({
      oneChangePerLine: z.boolean().optional(),
      stateRuleViolations: z.enum(['badRequest', 'asyncError']).optional(),
      cancellationFinalStatus: z.enum(['DONE', 'ERROR']).optional(),
    })
    .optional(),
});
export type StnScenario = z.infer<typeof stnScenarioSchema>;

/** The simulator options a scenario sets; throws ScenarioError naming each bad field. */
export function stnScenarioOptions(input: unknown): Partial<StnSimulatorOptions> {
  const scenario = parseScenario(stnScenarioSchema, input);
  return {
    seed: { ...scenario.stock, ...(scenario.donors ? { donors: scenario.donors } : {}) },
    ...(scenario.faults ? { faults: scenario.faults } : {}),
    ...(scenario.timing === 'realistic' ? { stepDelays: 'realistic' as const } : {}),
    ...scenario.rules,
  };
}
