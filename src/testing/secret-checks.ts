import { expect } from 'vitest';
import type { CarrierPluginV1 } from '../core/index.js';
import type { ConformanceGateway } from './conformance-gateway.js';

/** The values of the connection's secret fields (strings of four characters or more: shorter ones match anything). */
export function secretValues(plugin: CarrierPluginV1<unknown>, connectionConfig: unknown): string[] {
  const config = (connectionConfig ?? {}) as Record<string, unknown>;
  return plugin.secretConfigFields
    .map((field) => config[field])
    .filter((value): value is string => typeof value === 'string' && value.length >= 4);
}

/** No secret of the connection in the attempt records of `operationIds`, nor anywhere in the simulator's ledger. */
export async function expectNoSecrets(
  gateway: ConformanceGateway,
  plugin: CarrierPluginV1<unknown>,
  label: string,
  operationIds: readonly string[],
): Promise<void> {
  const secrets = secretValues(plugin, gateway.simulator.connectionConfig);
  const attempts = [];
  for (const id of operationIds) attempts.push(...(await gateway.store.attempts.listForOperation(id)));
  const recorded = JSON.stringify(attempts);
  const ledger = JSON.stringify(gateway.simulator.ledger.entries());
  for (const [index, secret] of secrets.entries()) {
    const field = plugin.secretConfigFields.filter(
      (name) => typeof (gateway.simulator.connectionConfig as Record<string, unknown>)[name] === 'string',
    )[index];
    expect(
      recorded.includes(secret),
      `${label} · secrets: expected no value of secret field ${field} in attempt records`,
    ).toBe(false);
    expect(
      ledger.includes(secret),
      `${label} · secrets: expected no value of secret field ${field} in the simulator's ledger`,
    ).toBe(false);
  }
}
