/**
 * Replaces the values of fields named secret (a plugin's `secretConfigFields`, any case, at any depth) so that what
 * the gateway keeps — attempt records — never holds a connection secret an adapter echoed back, whatever the
 * plugin calls it. A copy: the value given is not changed.
 */
export const redactedValue = '[redacted]';

export function withoutSecretFields<T>(value: T, secretFields: readonly string[]): T {
  if (secretFields.length === 0) return value;
  const names = new Set(secretFields.map((name) => name.toLowerCase()));
  const clean = (inner: unknown, depth: number): unknown => {
    if (depth > 32 || inner === null || typeof inner !== 'object') return inner;
    if (Array.isArray(inner)) return inner.map((item) => clean(item, depth + 1));
    return Object.fromEntries(
      Object.entries(inner).map(([name, field]) => [
        name,
        names.has(name.toLowerCase()) ? redactedValue : clean(field, depth + 1),
      ]),
    );
  };
  return clean(value, 0) as T;
}
