import { z } from 'zod';
import { parseScenario, scenarioFaultsSchema } from '../../simulator-kit/scenario.js';
import type { SpsSimulatorOptions } from './sps-simulator-options.js';

/**
 * A scenario file for the SPS simulator (`npm run simulator -- sps --seed scenario.json`): SIM stock, plans,
 * numbers that can be ported in with their donor accounts, coverage gaps, unsupported devices, faults and timing.
 *
 *   { "stock": { "iccids": ["89012600000000000001"] }, "plans": ["Plan001"],
 *     "donors": [{ "msisdn": "+13035550100", "accountNumber": "ACC1", "pin": "1234", "accountName": "Pat" }],
 *     "noCoverageZipCodes": ["00000"], "incompatibleTacs": ["35000000"], "faults": { "errorRate": 0.05 },
 *     "transactionMs": 5000 }
 */
export const spsScenarioSchema = z.strictObject({
  stock: z
    .strictObject({
      iccids: z.array(z.string().regex(/^[0-9]{19,20}$/, 'must be an ICCID of 19 or 20 digits')).max(100_000),
    })
    .optional(),
  plans: z.array(z.string().min(1).max(36)).min(1).optional(),
  donors: z
    .array(
      z.strictObject({
        msisdn: z.string().regex(/^\+1[0-9]{10}$/, 'must be a US number in E.164 (+1 and 10 digits)'),
        accountNumber: z.string().min(1).max(64),
        pin: z.string().min(1).max(20),
        accountName: z.string().min(1).max(128).optional(),
      }),
    )
    .optional(),
  noCoverageZipCodes: z.array(z.string().regex(/^[0-9]{5}$/, 'must be a 5-digit ZIP code')).optional(),
  incompatibleTacs: z.array(z.string().regex(/^[0-9]{8}$/, 'must be an 8-digit TAC')).optional(),
  faults: scenarioFaultsSchema.optional(),
  /** How long a transaction takes (a real port-in: days; move the clock with POST /_sim/clock/advance). */
  transactionMs: z
    .number()
    .int()
    .min(0)
    .max(30 * 86_400_000)
    .optional(),
});

export function spsScenarioOptions(input: unknown): Partial<SpsSimulatorOptions> {
  const scenario = parseScenario(spsScenarioSchema, input);
  return {
    seed: {
      ...(scenario.stock ? { availableIccids: scenario.stock.iccids } : {}),
      ...(scenario.plans ? { wholesalePlanIds: scenario.plans } : {}),
      ...(scenario.donors
        ? {
            portableNumbers: scenario.donors.map(({ msisdn, ...account }) => ({ gpsi: msisdn.slice(1), ...account })),
          }
        : {}),
      ...(scenario.noCoverageZipCodes ? { noCoverageZipCodes: scenario.noCoverageZipCodes } : {}),
      ...(scenario.incompatibleTacs ? { incompatibleTacs: scenario.incompatibleTacs } : {}),
    },
    ...(scenario.faults ? { faults: scenario.faults } : {}),
    ...(scenario.transactionMs !== undefined ? { delayMs: scenario.transactionMs } : {}),
  };
}
