import type { z } from 'zod';
import { faultConfigSchema } from './faults.js';

/**
 * What every simulator's scenario file shares: faults (the kit's own schema, partial) and timing. Each simulator
 * adds its stock, numbers and donors (stn-scenario.ts, sps-scenario.ts). Errors name the path of each bad field.
 */
export const scenarioFaultsSchema = faultConfigSchema.partial();

export class ScenarioError extends Error {
  constructor(readonly issues: string[]) {
    super(`the scenario is not valid:\n${issues.map((issue) => `  - ${issue}`).join('\n')}`);
    this.name = 'ScenarioError';
  }
}

export function parseScenario<Schema extends z.ZodType>(schema: Schema, input: unknown): z.infer<Schema> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  throw new ScenarioError(
    parsed.error.issues.map((issue) => `${issue.path.map(String).join('.') || '(top level)'}: ${issue.message}`),
  );
}
