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

const redactedHeaders = new Set(['authorization', 'stn-api-key', 'x-api-key']);

/**
 * Every request a simulator receives, in order. Tests read it (in process, or over `GET /_sim/ledger`) to prove that
 * a request was sent exactly once, or how many carrier calls a piece of work cost.
 */
export class RequestLedger {
  private entries: LedgerEntry[] = [];
  private nextSequence = 1;

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

/** Records each request before the simulator handles it, and its response status after. */
export function ledgerMiddleware(ledger: RequestLedger, now: () => Date): MiddlewareHandler {
  return async (context, next) => {
    const url = new URL(context.req.url);
    if (url.pathname.startsWith('/_sim')) return next();
    const headers: Record<string, string> = {};
    context.req.raw.headers.forEach((value, name) => {
      headers[name] = redactedHeaders.has(name) ? '[redacted]' : value;
    });
    const text = context.req.method === 'GET' ? '' : await context.req.raw.clone().text();
    let body: unknown = text === '' ? null : text;
    if (text !== '') {
      try {
        body = JSON.parse(text);
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
