import type { MiddlewareHandler } from 'hono';

/** One request a simulator received, as the carrier would have seen it. */
export interface LedgerEntry {
  sequence: number;
  at: string;
  method: string;
  path: string;
  query: Record<string, string>;
  /** Header names lower-cased; credentials redacted. */
  headers: Record<string, string>;
  body: unknown;
  responseStatus: number | null;
}

/** Credentials every carrier sends the same way; a simulator names its own others (`stn-api-key`). */
const alwaysRedactedHeaders = ['authorization', 'proxy-authorization', 'cookie'];
const censor = '[redacted]';

export interface LedgerRedaction {
  /** Header names carrying credentials, any case. */
  headers?: readonly string[];
  /** JSON body fields (at any depth) and form fields carrying secrets. */
  fields?: readonly string[];
}

/**
 * Every request a simulator receives, in order. Tests read it (in process, or over `GET /_sim/ledger`) to prove that
 * a request was sent exactly once, or how many carrier calls a piece of work cost.
 */
export class RequestLedger {
  private entries: LedgerEntry[] = [];
  private nextSequence = 1;
  /** Lower-cased header names whose values are never kept. */
  readonly redactedHeaders: ReadonlySet<string>;
  /** Lower-cased body field names whose values are never kept. */
  readonly redactedFields: ReadonlySet<string>;

  constructor(redaction: LedgerRedaction = {}) {
    this.redactedHeaders = new Set(
      [...alwaysRedactedHeaders, ...(redaction.headers ?? [])].map((name) => name.toLowerCase()),
    );
    this.redactedFields = new Set((redaction.fields ?? []).map((name) => name.toLowerCase()));
  }

  record(entry: Omit<LedgerEntry, 'sequence'>): LedgerEntry {
    const stored = { ...entry, sequence: this.nextSequence++ };
    this.entries.push(stored);
    return stored;
  }

  all(): readonly LedgerEntry[] {
    return this.entries;
  }

  /** Entries matching a method and a path (exact, or a predicate). */
  find(method: string, path: string | ((path: string) => boolean)): LedgerEntry[] {
    const matches = typeof path === 'string' ? (candidate: string) => candidate === path : path;
    return this.entries.filter((entry) => entry.method === method && matches(entry.path));
  }

  count(method?: string, path?: string | ((path: string) => boolean)): number {
    if (!method) return this.entries.length;
    return this.find(method, path ?? (() => true)).length;
  }

  clear(): void {
    this.entries = [];
  }
}

function censorFields(value: unknown, fields: ReadonlySet<string>, depth = 0): unknown {
  if (fields.size === 0 || depth > 32 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((item) => censorFields(item, fields, depth + 1));
  return Object.fromEntries(
    Object.entries(value).map(([name, inner]) => [
      name,
      fields.has(name.toLowerCase()) ? censor : censorFields(inner, fields, depth + 1),
    ]),
  );
}

/** A form body with the secret fields censored; other text as it came. */
function formWithout(text: string, fields: ReadonlySet<string>, contentType: string | undefined): string {
  if (fields.size === 0 || !contentType?.includes('application/x-www-form-urlencoded')) return text;
  const form = new URLSearchParams(text);
  for (const name of [...form.keys()]) if (fields.has(name.toLowerCase())) form.set(name, censor);
  return form.toString();
}

/** Records each request before the simulator handles it, and its response status after. */
export function ledgerMiddleware(ledger: RequestLedger, now: () => Date): MiddlewareHandler {
  return async (context, next) => {
    const url = new URL(context.req.url);
    if (url.pathname.startsWith('/_sim')) return next();
    const headers: Record<string, string> = {};
    context.req.raw.headers.forEach((value, name) => {
      headers[name] = ledger.redactedHeaders.has(name) ? censor : value;
    });
    const text = context.req.method === 'GET' ? '' : await context.req.raw.clone().text();
    let body: unknown =
      text === '' ? null : formWithout(text, ledger.redactedFields, context.req.header('content-type'));
    if (text !== '') {
      try {
        body = censorFields(JSON.parse(text), ledger.redactedFields);
      } catch {
        // Kept as text: a malformed body is still evidence of what arrived.
      }
    }
    const entry = ledger.record({
      at: now().toISOString(),
      method: context.req.method,
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers,
      body,
      responseStatus: null,
    });
    await next();
    entry.responseStatus = context.res.status;
  };
}
