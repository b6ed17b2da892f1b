import { type Column, type Query, type SQL, sql } from 'drizzle-orm';
import type { StoreDatabase } from './database.js';

/**
 * A drizzle query built once, on first use, then run as a prepared query: drizzle otherwise rebuilds the SQL of every
 * query on every call (about 15% of a read's CPU in the bench's profile). Lazy because repositories are also made
 * for each transaction, and most of those never run most queries.
 */
export function preparedOnce<T>(build: () => T): () => T {
  let built: T | undefined;
  return () => {
    if (built === undefined) built = build();
    return built;
  };
}

/** What drizzle's `.prepare()` gives back, as far as a query built once needs it (both drivers' prepared queries). */
interface PreparedTemplate {
  getQuery(): Query;
  fields?: unknown;
  customResultMapper?: unknown;
  joinsNotNullableMap?: unknown;
}

interface Preparable<Result> {
  prepare(name: string): { execute(values?: Record<string, unknown>): Promise<Result> };
}

type Session = {
  prepareQuery(
    query: Query,
    fields: unknown,
    name: string,
    isResponseInArrayMode: boolean,
    customResultMapper?: unknown,
  ): PreparedTemplate & { joinsNotNullableMap?: unknown; execute(values: Record<string, unknown>): Promise<unknown> };
};

/**
 * A query whose SQL is built once per process (from `sql.placeholder`s) and run on whichever handle is given: the
 * pool or a transaction. `preparedOnce` cannot serve the engine's transactions: repositories are made anew for each
 * transaction, and a query prepared on the pool would run outside it. The SQL text and the result mapping are the
 * same on both drivers (one dialect); only the session that runs it differs, and binding one is a plain object.
 * `shape` tells apart the texts of one query that differ by more than values (how many rows an insert has).
 */
export function builtOnce<Values extends Record<string, unknown>, Result, Shape extends string | number = never>(
  name: string,
  build: (db: StoreDatabase, shape: Shape) => Preparable<Result>,
): (db: StoreDatabase, values: Values, ...shape: [Shape] extends [never] ? [] : [Shape]) => Promise<Result> {
  const templates = new Map<Shape | undefined, PreparedTemplate>();
  return (db, values, ...rest) => {
    const shape = rest[0] as Shape;
    let template = templates.get(shape);
    if (!template) {
      template = build(db, shape).prepare(shapedName(name, shape)) as unknown as PreparedTemplate;
      // Shapes are bounded by the callers (batch sizes); the cap only guards against a caller that is not.
      if (templates.size < maxShapes) templates.set(shape, template);
    }
    const session = (db as unknown as { session: Session }).session;
    const prepared = session.prepareQuery(
      template.getQuery(),
      template.fields,
      shapedName(name, shape),
      true,
      template.customResultMapper,
    );
    prepared.joinsNotNullableMap = template.joinsNotNullableMap;
    return prepared.execute(values) as Promise<Result>;
  };
}

const maxShapes = 256;

function shapedName(name: string, shape: unknown): string {
  return shape === undefined ? name : `${name}_${String(shape)}`;
}

/** Placeholder names of row `index`'s columns in a multi-row statement built once per row count. */
export function rowPlaceholder(index: number, column: string): string {
  return `r${index}_${column}`;
}

/**
 * A column's value as the driver takes it, for a bare `sql.placeholder` (one drizzle would not encode): a Date as
 * its ISO text, JSON as its text, null as SQL NULL (drizzle's own placeholder encoding would write JSON `null`
 * and fail on a null Date).
 */
export function encodedFor(column: Column, value: unknown): unknown {
  return value === null ? null : column.mapToDriverValue(value);
}

/** A bare placeholder per key (named `<prefix><key>`), for a SET built once; its values go through `encodedFor`. */
export function barePlaceholders(keys: readonly string[], prefix = ''): Record<string, SQL> {
  return Object.fromEntries(keys.map((key) => [key, sql`${sql.placeholder(prefix + key)}`]));
}

/**
 * The values a SET built once writes: every key of `keys` that `row` has (drizzle leaves an undefined value out of
 * a SET, and so do we), encoded, and which of them as a bit mask, the shape of the statement (`builtOnce`).
 */
export function presentValues(
  columns: Record<string, Column>,
  keys: readonly string[],
  row: object,
  prefix = '',
): { mask: number; values: Record<string, unknown> } {
  if (keys.length > 30) throw new Error('presentValues: more columns than a mask holds');
  let mask = 0;
  const values: Record<string, unknown> = {};
  keys.forEach((key, index) => {
    const value = (row as Record<string, unknown>)[key];
    if (value === undefined) return;
    mask |= 1 << index;
    values[prefix + key] = encodedFor(columns[key] as Column, value);
  });
  return { mask, values };
}

/** Bare placeholders for the keys a mask of `presentValues` names. */
export function maskedPlaceholders(keys: readonly string[], mask: number, prefix = ''): Record<string, SQL> {
  return barePlaceholders(
    keys.filter((_key, index) => (mask & (1 << index)) !== 0),
    prefix,
  );
}

/**
 * VALUES of a multi-row insert built once per row count: row `index`'s `key` is the placeholder `r<index>_<key>`.
 * Only for columns without a default: a missing value is written as NULL, where drizzle would write DEFAULT.
 */
export function rowPlaceholders(keys: readonly string[], count: number): Array<Record<string, SQL>> {
  return Array.from({ length: count }, (_, index) =>
    Object.fromEntries(keys.map((key) => [key, sql`${sql.placeholder(rowPlaceholder(index, key))}`])),
  );
}

/** The values for `rowPlaceholders`, encoded. */
export function rowValues(
  columns: Record<string, Column>,
  keys: readonly string[],
  rows: readonly object[],
): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  rows.forEach((row, index) => {
    for (const key of keys) {
      values[rowPlaceholder(index, key)] = encodedFor(
        columns[key] as Column,
        (row as Record<string, unknown>)[key] ?? null,
      );
    }
  });
  return values;
}

/**
 * `count` placeholders `<prefix><index>`, for an `in (…)` list of text (ids) built once per length; `listValues`
 * fills them.
 */
export function listPlaceholders(prefix: string, count: number) {
  return Array.from({ length: count }, (_, index) => sql.placeholder(`${prefix}${index}`));
}

export function listValues(prefix: string, values: readonly unknown[]): Record<string, unknown> {
  return Object.fromEntries(values.map((value, index) => [`${prefix}${index}`, value]));
}

/**
 * A statement drizzle's builder cannot express (an insert from a joined VALUES list), as text with `$n` standing for
 * the placeholders named in `placeholders`, in order: for `builtOnce`, which runs it on the handle given and answers
 * with the driver's own result (`rowsOf` reads its rows on both drivers).
 */
export function handWritten(text: string, placeholders: readonly string[]): Preparable<unknown> {
  const query: Query = { sql: text, params: placeholders.map((name) => sql.placeholder(name)) };
  return {
    prepare: () => ({ getQuery: () => query }) as unknown as ReturnType<Preparable<unknown>['prepare']>,
  };
}

/** Rows of a raw result: postgres.js answers with an array, PGlite with `{ rows }`. */
export function rowsOf<Row>(result: unknown): Row[] {
  return (Array.isArray(result) ? result : (result as { rows: Row[] }).rows) as Row[];
}
