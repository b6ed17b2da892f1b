/**
 * Carrier connection settings may name an environment variable instead of holding a secret
 * (`"apiKey": {"env": "CARRIER_STN_API_KEY"}`), so credentials need not sit in the database. Resolved when the
 * adapter is built; a missing variable leaves the value empty, which the plugin's schema then refuses by name.
 *
 * Only some variables may be named: whoever writes a connection also chooses the URL the value is sent to, so
 * `{"env": "ADMIN_API_KEY"}` or `{"env": "DATABASE_URL"}` would hand the gateway's own secrets to anyone with the
 * admin key's rights over one connection. See docs/decisions/carrier-env-references.md.
 */
export interface EnvReferencePolicy {
  allows(variable: string): boolean;
  /** For error messages: which variables may be referenced. */
  description: string;
}

/**
 * The carrier credential variables this gateway documented before the prefix existed (README, "Configuration");
 * still referenceable so existing connections keep working. New credentials go under the prefix.
 */
export const documentedCarrierVariables: readonly string[] = [
  'STN_BASE_URL',
  'STN_API_KEY',
  'SPS_BASE_URL',
  'SPS_CLIENT_ID',
  'SPS_CLIENT_SECRET',
  'SPS_CALLBACK_SECRET',
];

export function createEnvReferencePolicy(prefix: string): EnvReferencePolicy {
  return {
    allows: (variable) =>
      (variable.startsWith(prefix) && variable.length > prefix.length) || documentedCarrierVariables.includes(variable),
    description: `variables whose name starts with ${prefix}, or one of ${documentedCarrierVariables.join(', ')}`,
  };
}

function envReferenceName(value: unknown): string | null {
  if (typeof value !== 'object' || value === null) return null;
  const name = (value as { env?: unknown }).env;
  return typeof name === 'string' ? name : null;
}

export function createSecretResolver(environment: Record<string, string | undefined>, policy: EnvReferencePolicy) {
  return (config: Record<string, unknown>): Record<string, unknown> =>
    Object.fromEntries(
      Object.entries(config).map(([key, value]) => {
        const variable = envReferenceName(value);
        if (variable === null) return [key, value];
        // A reference stored before the policy existed, or written behind the API's back: never read it.
        return [key, policy.allows(variable) ? (environment[variable] ?? '') : ''];
      }),
    );
}
