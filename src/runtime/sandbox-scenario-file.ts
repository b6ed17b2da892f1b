import { readFileSync } from 'node:fs';
import { exitCodes, StartupError } from './startup-errors.js';

/**
 * SANDBOX_SCENARIO: a JSON file keyed by carrier (plugin) id, each value that carrier's scenario,
 * validated later by its simulator (the simulators' scenario schemas say what goes in). Read here, at startup on Node, because composition does no file access (Workers).
 */
export function readSandboxScenario(path: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new StartupError(`SANDBOX_SCENARIO=${path}: ${reason}`, exitCodes.config);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new StartupError(
      `SANDBOX_SCENARIO=${path}: must be a JSON object keyed by carrier id (as in CARRIER_PLUGINS), e.g. {"<carrier id>": {"stock": …}}`,
      exitCodes.config,
    );
  }
  return parsed as Record<string, unknown>;
}
