import type { Logger, LogLevel } from './logger.js';

/**
 * What stands between a log call and the log: errors reduced to name, message, code and stack frames; query
 * parameters cut out; fields named like secrets censored; secret-shaped tokens masked wherever they appear.
 *
 * Why: database drivers put the query's parameters into their errors — drizzle's DrizzleQueryError message is
 * `Failed query: <sql>\nparams: <every value>`, and postgres.js / PGlite errors carry `detail` ("Key (secret)=(…)")
 * and `parameters`. A failed insert of a webhook endpoint logged its `whsec_…` secret; one of a carrier connection
 * its API key. Call sites log errors in every shape (the Error, `String(error)`, `error.stack`, `{message, stack}`),
 * so the cleaning happens here, once, for all of them.
 */

/** Field names whose values are never logged, whatever the plugin; matched case-insensitively. */
export const alwaysRedactedFields: readonly string[] = [
  'authorization',
  'cookie',
  'apiKey',
  'key',
  'keyHash',
  'keyPrefix',
  'secret',
  'clientSecret',
  'callbackSecret',
  'password',
  'token',
  'accessToken',
  'refreshToken',
  'params',
  'parameters',
  'body',
  'requestBody',
  'responseBody',
];

const censored = '[redacted]';
const maximumDepth = 6;

/** `whsec_…` (Standard Webhooks secrets) and `sk_…` (our API keys), wherever they occur in a string. */
const secretTokenPattern = /\b(whsec_[A-Za-z0-9+/=_-]+|sk_[A-Za-z0-9_-]{8,})/g;
/** drizzle's "\nparams: …" up to the first stack frame, or to the end. */
const queryParamsPattern = /\n\s*params: [\s\S]*?(?=\n\s+at |$)/g;

export function scrubText(text: string): string {
  return text.replace(queryParamsPattern, `\nparams: ${censored}`).replace(secretTokenPattern, censored);
}

interface SerializedError {
  name: string;
  message: string;
  code?: string;
  stack?: string;
  cause?: SerializedError | string;
}

/** An error as it may be logged: no `detail`, `query`, `params`, `parameters` or any other property. */
export function serializeError(error: Error, depth = 0): SerializedError {
  const message = scrubText(error.message);
  const code = (error as { code?: unknown }).code;
  const frames = (error.stack ?? '').split('\n').filter((line) => /^\s+at /.test(line));
  const serialized: SerializedError = {
    name: error.name,
    message,
    ...(typeof code === 'string' || typeof code === 'number' ? { code: String(code) } : {}),
    ...(frames.length > 0 ? { stack: [`${error.name}: ${message}`, ...frames].join('\n') } : {}),
  };
  const cause = (error as { cause?: unknown }).cause;
  if (cause instanceof Error && depth < 3) serialized.cause = serializeError(cause, depth + 1);
  return serialized;
}

export function sanitizeLogFields(
  fields: Record<string, unknown>,
  redactedFields: ReadonlySet<string>,
): Record<string, unknown> {
  const seen = new WeakSet<object>();
  const clean = (value: unknown, depth: number): unknown => {
    if (typeof value === 'string') return scrubText(value);
    if (typeof value !== 'object' || value === null) return value;
    if (value instanceof Error) return serializeError(value);
    if (value instanceof Date) return value;
    if (depth >= maximumDepth || seen.has(value)) return '[omitted]';
    seen.add(value);
    if (Array.isArray(value)) return value.map((item) => clean(item, depth + 1));
    return Object.fromEntries(
      Object.entries(value).map(([name, inner]) => [
        name,
        redactedFields.has(name.toLowerCase()) ? censored : clean(inner, depth + 1),
      ]),
    );
  };
  return clean(fields, 0) as Record<string, unknown>;
}

/**
 * A logger that cleans every call's fields before `inner` sees them. `secretFields` adds the names plugins declare
 * secret (`CarrierPluginV1.secretConfigFields`) to the fixed list.
 */
export function createSafeLogger(inner: Logger, secretFields: readonly string[] = []): Logger {
  const redacted = new Set([...alwaysRedactedFields, ...secretFields].map((name) => name.toLowerCase()));
  const clean = (fields: Record<string, unknown>) => sanitizeLogFields(fields, redacted);
  // A level the inner logger drops is not cleaned first (it would be thrown away after the work).
  const enabled = (level: LogLevel) => inner.isLevelEnabled?.(level) !== false;
  return {
    debug: (fields, message) => enabled('debug') && inner.debug(clean(fields), scrubText(message)),
    info: (fields, message) => enabled('info') && inner.info(clean(fields), scrubText(message)),
    warn: (fields, message) => enabled('warn') && inner.warn(clean(fields), scrubText(message)),
    error: (fields, message) => enabled('error') && inner.error(clean(fields), scrubText(message)),
    isLevelEnabled: enabled,
  };
}
