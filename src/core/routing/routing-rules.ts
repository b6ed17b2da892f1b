import { z } from 'zod';

/**
 * Routing rules: per tenant, ordered, data. When a request for a new line names no connection, the first rule whose
 * every `match` field holds chooses it; when none holds, the tenant's default connection does. A rule is checked
 * against its connection's capabilities when it is written (routing-rule-check.ts), not when a line fails.
 */
export const routingMatchSchema = z.strictObject({
  /** Only activations, or only port-ins; both when absent. */
  kind: z.enum(['activate', 'port_in']).optional(),
  /** The request's `plan`, exactly. */
  plan: z.string().min(1).max(36).optional(),
  /** The SIM the request asks for. */
  sim: z.enum(['physical', 'esim']).optional(),
  /** An E.164 prefix of the number ported in (`+316`); a rule with it routes only port-ins. */
  numberPrefix: z
    .string()
    .regex(/^\+[1-9][0-9]{0,13}$/, 'must be an E.164 prefix such as +316')
    .optional(),
  /** The country (ISO 3166-1 alpha-2) of the number ported in, by its calling code; routes only port-ins. */
  country: z
    .string()
    .regex(/^[A-Z]{2}$/, 'must be an ISO 3166-1 alpha-2 code such as NL')
    .optional(),
  /** The request's `routing` tag, exactly (a caller's own label: `business`, `iot`). */
  routing: z.string().min(1).max(64).optional(),
});

export const routingRuleSchema = z.strictObject({
  match: routingMatchSchema,
  /** The name of the connection the rule chooses. */
  connection: z.string().min(1).max(64),
  description: z.string().max(200).optional(),
});
export type RoutingRule = z.infer<typeof routingRuleSchema>;

export const routingRulesBodySchema = z.strictObject({
  rules: z.array(routingRuleSchema).max(100),
});

/**
 * Country calling codes of the countries rules may name. A number's country is found by its longest matching code;
 * a country not listed here cannot be routed by `country` (use `numberPrefix`), and is refused at write time.
 */
export const callingCodes: Readonly<Record<string, string>> = {
  US: '+1',
  NL: '+31',
  BE: '+32',
  FR: '+33',
  ES: '+34',
  IT: '+39',
  GB: '+44',
  DE: '+49',
};

export function countryOfNumber(msisdn: string): string | null {
  let best: { country: string; length: number } | null = null;
  for (const [country, code] of Object.entries(callingCodes)) {
    if (msisdn.startsWith(code) && (!best || code.length > best.length)) best = { country, length: code.length };
  }
  return best?.country ?? null;
}

/** What a rule is matched against: the canonical request of a new line. */
export interface RoutedRequest {
  kind: 'activate' | 'port_in';
  plan?: string;
  sim: { type: 'physical' | 'esim' };
  routing?: string;
  portIn?: { msisdn: string };
}

/** The kinds a rule routes: a number or country can only be matched on a port-in. */
export function kindsRouted(match: RoutingRule['match']): Array<'activate' | 'port_in'> {
  if (match.kind) return [match.kind];
  if (match.numberPrefix || match.country) return ['port_in'];
  return ['activate', 'port_in'];
}

function matches(match: RoutingRule['match'], request: RoutedRequest): boolean {
  if (!kindsRouted(match).includes(request.kind)) return false;
  if (match.plan !== undefined && match.plan !== request.plan) return false;
  if (match.sim !== undefined && match.sim !== request.sim.type) return false;
  if (match.routing !== undefined && match.routing !== request.routing) return false;
  const number = request.portIn?.msisdn;
  if (match.numberPrefix !== undefined && !number?.startsWith(match.numberPrefix)) return false;
  if (match.country !== undefined && (!number || countryOfNumber(number) !== match.country)) return false;
  return true;
}

/** Why a line is at its connection; kept on the subscription and shown as `routedBy`. */
export type RoutingDecision =
  | { by: 'request'; connection: string }
  | { by: 'rule'; rule: number; connection: string; description?: string }
  | { by: 'default' };

/** The first rule that matches, or the default. A request that names a connection is not routed. */
export function chooseConnection(
  rules: readonly RoutingRule[],
  request: RoutedRequest & { carrier?: string },
): RoutingDecision {
  if (request.carrier) return { by: 'request', connection: request.carrier };
  const index = rules.findIndex((rule) => matches(rule.match, request));
  if (index < 0) return { by: 'default' };
  const rule = rules[index] as RoutingRule;
  return {
    by: 'rule',
    rule: index,
    connection: rule.connection,
    ...(rule.description ? { description: rule.description } : {}),
  };
}
