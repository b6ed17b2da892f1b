import type { CarrierCapabilities } from '../adapter.js';
import { servesCountry } from '../carriers/coverage-check.js';
import { UnsupportedByCarrierError, ValidationError } from '../errors.js';
import type { CarrierConnection } from '../ports.js';
import { callingCodes, kindsRouted, type RoutingRule } from './routing-rules.js';

/**
 * Refuse, when rules are written, a rule whose connection cannot do what the rule sends it: a kind it lacks (no
 * port-in), an eSIM where it has none, a number or country it does not serve, a plan outside its closed list. Each
 * problem names the rule's index and field, so the caller fixes the rule rather than finding out from a failed line.
 */
export function checkRoutingRules(
  rules: readonly RoutingRule[],
  connections: readonly CarrierConnection[],
  capabilitiesOf: (carrier: string) => CarrierCapabilities | undefined,
): void {
  // Mistakes in the rule itself (400), and what a connection cannot do (422, naming the carrier).
  const errors: Array<{ pointer: string; detail: string }> = [];
  const unable: Array<{ pointer: string; detail: string; carrier: string }> = [];
  const byName = new Map(connections.map((connection) => [connection.name, connection]));
  rules.forEach((rule, index) => {
    const at = `/rules/${index}`;
    const { match } = rule;
    if (match.kind === 'activate' && (match.numberPrefix || match.country)) {
      errors.push({
        pointer: `${at}/match/kind`,
        detail: 'a number or country is only known on a port-in; this rule could never match',
      });
      return;
    }
    const connection = byName.get(rule.connection);
    if (!connection) {
      errors.push({
        pointer: `${at}/connection`,
        detail: `unknown connection "${rule.connection}"; yours: ${[...byName.keys()].join(', ') || 'none'}`,
      });
      return;
    }
    const capabilities = capabilitiesOf(connection.carrier);
    if (!capabilities) {
      errors.push({ pointer: `${at}/connection`, detail: `the carrier "${connection.carrier}" is not installed` });
      return;
    }
    for (const kind of kindsRouted(match)) {
      if (!capabilities.operations.includes(kind)) {
        unable.push({
          carrier: connection.carrier,
          pointer: `${at}/connection`,
          detail: `"${rule.connection}" (${connection.carrier}) cannot ${kind === 'port_in' ? 'port a number in' : 'activate a line'}, which this rule routes to it`,
        });
      }
    }
    if (match.sim === 'esim' && !capabilities.esim) {
      unable.push({
        carrier: connection.carrier,
        pointer: `${at}/match/sim`,
        detail: `"${rule.connection}" offers no eSIM`,
      });
    }
    const coverage = capabilities.coverage;
    if (match.numberPrefix && coverage) {
      const prefix = match.numberPrefix;
      if (!coverage.numberPrefixes.some((served) => prefix.startsWith(served))) {
        unable.push({
          carrier: connection.carrier,
          pointer: `${at}/match/numberPrefix`,
          detail: `"${rule.connection}" serves numbers starting ${coverage.numberPrefixes.join(', ')}, not all of ${prefix}`,
        });
      }
    }
    if (match.country) {
      if (!callingCodes[match.country]) {
        unable.push({
          carrier: connection.carrier,
          pointer: `${at}/match/country`,
          detail: `no calling code known for ${match.country}; route by numberPrefix instead`,
        });
      } else if (!servesCountry(coverage, match.country)) {
        unable.push({
          carrier: connection.carrier,
          pointer: `${at}/match/country`,
          detail: `"${rule.connection}" serves ${coverage?.countries.join(', ')}, not ${match.country}`,
        });
      }
    }
    const plans = capabilities.plans.values;
    if (match.plan && plans && !plans.includes(match.plan)) {
      unable.push({
        carrier: connection.carrier,
        pointer: `${at}/match/plan`,
        detail: `"${rule.connection}" has no plan ${match.plan}; its plans: ${plans.join(', ')}`,
      });
    }
  });
  if (errors.length > 0) throw new ValidationError('Routing rules name what does not exist.', errors);
  if (unable.length > 0) {
    throw new UnsupportedByCarrierError(
      (unable[0] as (typeof unable)[number]).carrier,
      `${unable.length === 1 ? 'A routing rule asks' : 'Routing rules ask'} a connection for what it cannot do: ${unable.map((entry) => `${entry.pointer}: ${entry.detail}`).join('; ')}.`,
      unable.map(({ pointer, detail }) => ({ pointer, detail })),
    );
  }
}
