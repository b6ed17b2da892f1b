/**
 * fast-check arbitraries from the gateway's own OpenAPI document: values that fit a JSON schema (so requests get past
 * validation into the deeper code), the same with one leaf replaced by something nasty, and the nasty values
 * themselves (NUL bytes, lone surrogates, huge numbers, wrong types). Every URL generated points at a closed loopback
 * port, and `sanitiseUrls` rewrites any other URL that a generator happens to produce, so nothing the gateway is
 * asked to call can leave the machine.
 */
import fc from 'fast-check';

export type JsonSchema = Record<string, unknown>;

/** Port 9 (discard) on loopback: nothing listens there, so a call to it is refused at once. */
export const closedLoopbackUrl = 'http://127.0.0.1:9/drill';

const loopbackHosts = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

/** Replace every string that parses as a URL to a host other than loopback with the closed loopback URL. */
export function sanitiseUrls(value: unknown): unknown {
  if (typeof value === 'string') {
    if (!value.includes(':')) return value;
    try {
      const url = new URL(value);
      if (url.hostname !== '' && !loopbackHosts.has(url.hostname)) return closedLoopbackUrl;
      if (url.hostname === '' && /^[a-z][a-z0-9+.-]*:\/\//i.test(value)) return closedLoopbackUrl;
    } catch {
      return value;
    }
    return value;
  }
  if (Array.isArray(value)) return value.map(sanitiseUrls);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([key, entry]) => [sanitiseUrls(key) as string, sanitiseUrls(entry)]),
    );
  }
  return value;
}

/** Strings that have hurt gateways: NUL, lone surrogates, control and bidi characters, very long, SQL-ish. */
export const nastyStrings = fc.oneof(
  fc.constantFrom(
    '\u0000',
    'a\u0000b',
    '\ud800',
    'x\udfffy',
    '\u202e\u0007',
    '',
    ' ',
    "' OR 1=1 --",
    '%00',
    '../../etc/passwd',
    '\\',
    '{"nested": "json"}',
    '\ufeff',
    '𝕏'.repeat(50),
  ),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.integer({ min: 1000, max: 200_000 }).map((length) => 'x'.repeat(length)),
);

export const nastyValues: fc.Arbitrary<unknown> = fc.oneof(
  nastyStrings,
  fc.constantFrom(1e308, -1e308, -0, 2 ** 53 + 1, -1, 0, 1.5, true, false, null, [], {}, [[[[]]]]),
  fc.jsonValue({ maxDepth: 3 }),
);

function resolve(schema: JsonSchema, components: Record<string, JsonSchema>): JsonSchema {
  const ref = schema.$ref;
  if (typeof ref !== 'string') return schema;
  const name = ref.split('/').pop() as string;
  return components[name] ?? {};
}

function regexArbitrary(pattern: string): fc.Arbitrary<string> {
  try {
    return fc.stringMatching(new RegExp(pattern));
  } catch {
    return fc.string();
  }
}

/** A value that fits `schema` (mostly: patterns and formats are honoured, cross-field rules are not). */
export function valueFor(schema: JsonSchema, components: Record<string, JsonSchema>, depth = 0): fc.Arbitrary<unknown> {
  const resolved = resolve(schema, components);
  if (depth > 6) return fc.jsonValue({ maxDepth: 1 });
  if (Array.isArray(resolved.enum)) return fc.constantFrom(...(resolved.enum as unknown[]));
  const alternatives = (resolved.oneOf ?? resolved.anyOf) as JsonSchema[] | undefined;
  if (alternatives && alternatives.length > 0) {
    return fc.oneof(...alternatives.map((alternative) => valueFor(alternative, components, depth + 1)));
  }
  const type = resolved.type;
  if (Array.isArray(type)) {
    return fc.oneof(...type.map((single) => valueFor({ ...resolved, type: single }, components, depth + 1)));
  }
  switch (type) {
    case 'string': {
      if (resolved.format === 'uri')
        return fc.constantFrom(closedLoopbackUrl, 'http://127.0.0.1:9/', 'http://localhost:9/x');
      if (resolved.format === 'email') return fc.emailAddress();
      if (resolved.format === 'date-time') {
        return fc
          .date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true })
          .map((date) => date.toISOString());
      }
      if (typeof resolved.pattern === 'string') return regexArbitrary(resolved.pattern);
      const minLength = typeof resolved.minLength === 'number' ? resolved.minLength : 0;
      const maxLength = Math.max(
        minLength,
        Math.min(typeof resolved.maxLength === 'number' ? resolved.maxLength : 40, 40),
      );
      return fc.string({ minLength, maxLength });
    }
    case 'integer':
      return fc.integer({
        min: typeof resolved.minimum === 'number' ? resolved.minimum : -1000,
        max: typeof resolved.maximum === 'number' ? resolved.maximum : 100_000,
      });
    case 'number':
      return fc.double({
        noNaN: true,
        noDefaultInfinity: true,
        min: typeof resolved.minimum === 'number' ? resolved.minimum : -1e6,
        max: typeof resolved.maximum === 'number' ? resolved.maximum : 1e6,
      });
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array':
      return fc.array(valueFor((resolved.items as JsonSchema) ?? {}, components, depth + 1), { maxLength: 3 });
    case 'object': {
      const properties = (resolved.properties ?? {}) as Record<string, JsonSchema>;
      const names = Object.keys(properties);
      if (names.length === 0)
        return fc.dictionary(fc.string({ maxLength: 10 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 });
      const required = new Set((resolved.required ?? []) as string[]);
      return fc.record(
        Object.fromEntries(
          names.map((name) => [name, valueFor(properties[name] as JsonSchema, components, depth + 1)]),
        ),
        { requiredKeys: names.filter((name) => required.has(name)) },
      );
    }
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

/** Replace the `index`-th leaf (modulo the number of leaves) of `value` with `replacement`. */
export function replaceLeaf(value: unknown, index: number, replacement: unknown): unknown {
  let leaves = 0;
  const count = (node: unknown): void => {
    if (node && typeof node === 'object') for (const child of Object.values(node)) count(child);
    else leaves++;
  };
  count(value);
  if (leaves === 0) return replacement;
  let target = index % leaves;
  const rebuild = (node: unknown): unknown => {
    if (node && typeof node === 'object') {
      if (Array.isArray(node)) return node.map(rebuild);
      return Object.fromEntries(Object.entries(node).map(([key, child]) => [key, rebuild(child)]));
    }
    return target-- === 0 ? replacement : node;
  };
  return rebuild(value);
}

/** A body for `schema`: valid, valid with one leaf broken, valid with an unknown field, or any JSON at all. */
export function bodyFor(schema: JsonSchema, components: Record<string, JsonSchema>): fc.Arbitrary<unknown> {
  const valid = valueFor(schema, components);
  return fc.oneof(
    { weight: 3, arbitrary: valid },
    {
      weight: 4,
      arbitrary: fc
        .tuple(valid, fc.nat(), nastyValues)
        .map(([value, index, nasty]) => replaceLeaf(value, index, nasty)),
    },
    {
      weight: 1,
      arbitrary: fc
        .tuple(valid, nastyValues)
        .map(([value, nasty]) => (value && typeof value === 'object' ? { ...value, unexpectedField: nasty } : value)),
    },
    { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 4 }) },
  );
}
