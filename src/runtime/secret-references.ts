/**
 * Carrier connection settings may name an environment variable instead of holding a secret
 * (`"apiKey": {"env": "STN_API_KEY"}`), so credentials need not sit in the database. Resolved when the adapter is
 * built; a missing variable leaves the value empty, which the plugin's schema then refuses by name.
 */
export function createSecretResolver(environment: Record<string, string | undefined>) {
  return (config: Record<string, unknown>): Record<string, unknown> =>
    Object.fromEntries(
      Object.entries(config).map(([key, value]) => {
        if (typeof value === 'object' && value !== null && typeof (value as { env?: unknown }).env === 'string') {
          return [key, environment[(value as { env: string }).env] ?? ''];
        }
        return [key, value];
      }),
    );
}
