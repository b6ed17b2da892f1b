import { normaliseStnPhoneNumber } from '../stn-phone-number.js';
import { errorBody, type StnErrorBody } from './stn-response-status.js';

/**
 * ServiceStack AutoQuery as sTN documents it (Guide › Advanced Query Parameters): exact match, `In`,
 * `GreaterThan[OrEqual]`/`LessThan[OrEqual]`, `Between`, `StartsWith`/`EndsWith`/`Contains`, `skip`/`take`,
 * `orderBy`/`orderByDesc` (comma lists, mixable), and `fields`. Field names match case-insensitively. The plain
 * `phoneNumber` filter accepts the number with or without the dash; the suffix forms compare the stored
 * `06-XXXXXXXX` text as is, so there the dash is required (documented quirk).
 */
export type QueryRecord = Record<string, unknown>;

export interface QueryEnvelope {
  offset: number;
  total: number;
  results: QueryRecord[];
  meta: Record<string, string>;
}

export interface AutoQueryOptions {
  /** Every field of the record type, in output order (records may leave optional ones out). */
  fields: readonly string[];
  /** Fields a query can filter on that the response does not show (QueryCdr's customerId). */
  hiddenFields?: readonly string[];
  /** Largest page (AutoQuery MaxLimit; sTN's is not published). */
  maxLimit?: number;
}

type Operator = 'eq' | 'in' | 'gt' | 'gte' | 'lt' | 'lte' | 'between' | 'startsWith' | 'endsWith' | 'contains';

/** Longest suffixes first, so `GreaterThanOrEqual` is not read as `GreaterThan` + `OrEqual`. */
const suffixes: readonly [string, Operator][] = [
  ['greaterthanorequal', 'gte'],
  ['lessthanorequal', 'lte'],
  ['greaterthan', 'gt'],
  ['lessthan', 'lt'],
  ['startswith', 'startsWith'],
  ['endswith', 'endsWith'],
  ['contains', 'contains'],
  ['between', 'between'],
  ['from', 'gte'],
  ['to', 'lte'],
  ['in', 'in'],
];

const reservedParameters = new Set(['skip', 'take', 'orderby', 'orderbydesc', 'fields', 'include', 'meta', 'format']);

interface Condition {
  field: string;
  operator: Operator;
  values: string[];
  /** The plain phoneNumber filter, which tolerates a missing dash. */
  lenientPhoneNumber: boolean;
}

export class AutoQueryError extends Error {
  constructor(readonly body: StnErrorBody) {
    super(body.responseStatus.message);
  }
}

const dateOnly = /^\d{4}-\d{2}-\d{2}$/;

/** Compares a record value with a query value the way SQL Server would with a case-insensitive collation. */
function compare(recordValue: unknown, queryValue: string): number | null {
  if (recordValue === undefined || recordValue === null) return null;
  if (typeof recordValue === 'number') {
    const number = Number(queryValue);
    return Number.isNaN(number) ? null : recordValue - number;
  }
  if (typeof recordValue === 'boolean') return String(recordValue) === queryValue.toLowerCase() ? 0 : 1;
  let left = String(recordValue).toLowerCase();
  const right = queryValue.toLowerCase();
  // A date filter against a date-time compares the calendar date as sTN wrote it (so Between is inclusive).
  if (dateOnly.test(right) && /^\d{4}-\d{2}-\d{2}T/.test(left)) left = left.slice(0, 10);
  return left < right ? -1 : left > right ? 1 : 0;
}

function matches(record: QueryRecord, condition: Condition): boolean {
  const value = record[condition.field];
  const [first = '', second = ''] = condition.values;
  const text = value === undefined || value === null ? null : String(value).toLowerCase();
  switch (condition.operator) {
    case 'eq':
      if (condition.lenientPhoneNumber) {
        const wanted = normaliseStnPhoneNumber(first);
        return wanted !== null && typeof value === 'string' && normaliseStnPhoneNumber(value) === wanted;
      }
      return compare(value, first) === 0;
    case 'in':
      return condition.values.some((candidate) => compare(value, candidate) === 0);
    case 'gt':
      return (compare(value, first) ?? 0) > 0;
    case 'gte':
      return (compare(value, first) ?? -1) >= 0;
    case 'lt':
      return (compare(value, first) ?? 0) < 0;
    case 'lte':
      return (compare(value, first) ?? 1) <= 0;
    case 'between':
      return (compare(value, first) ?? -1) >= 0 && (compare(value, second) ?? 1) <= 0;
    case 'startsWith':
      return text?.startsWith(first.toLowerCase()) ?? false;
    case 'endsWith':
      return text?.endsWith(first.toLowerCase()) ?? false;
    case 'contains':
      return text?.includes(first.toLowerCase()) ?? false;
  }
}

function parseCondition(name: string, rawValue: string, fieldsByLower: Map<string, string>): Condition | null {
  const lower = name.toLowerCase();
  const exact = fieldsByLower.get(lower);
  if (exact) {
    return { field: exact, operator: 'eq', values: [rawValue], lenientPhoneNumber: exact === 'phoneNumber' };
  }
  for (const [suffix, operator] of suffixes) {
    if (!lower.endsWith(suffix)) continue;
    const field = fieldsByLower.get(lower.slice(0, -suffix.length));
    if (!field) continue;
    const values = operator === 'in' || operator === 'between' ? rawValue.split(',') : [rawValue];
    if (operator === 'between' && values.length !== 2) {
      throw new AutoQueryError(errorBody('ArgumentException', `${name} requires two values: low,high`));
    }
    return { field, operator, values, lenientPhoneNumber: false };
  }
  // AutoQuery ignores parameters that name no field of the response type.
  return null;
}

function parseCount(name: string, value: string | null): number | undefined {
  if (value === null || value === '') return undefined;
  if (!/^\d+$/.test(value)) {
    throw new AutoQueryError(
      errorBody('RequestBindingException', 'Unable to bind request', [
        { errorCode: 'SerializationException', fieldName: name, message: `'${value}' is not a valid Int32` },
      ]),
    );
  }
  return Number(value);
}

function sortKeys(parameters: Map<string, string>, fieldsByLower: Map<string, string>): [string, 1 | -1][] {
  const keys: [string, 1 | -1][] = [];
  const add = (list: string | undefined, direction: 1 | -1) => {
    for (const raw of (list ?? '').split(',')) {
      const trimmed = raw.trim();
      if (!trimmed) continue;
      const descending = trimmed.startsWith('-');
      const field = fieldsByLower.get((descending ? trimmed.slice(1) : trimmed).toLowerCase());
      if (field) keys.push([field, descending ? (-direction as 1 | -1) : direction]);
    }
  };
  add(parameters.get('orderby'), 1);
  add(parameters.get('orderbydesc'), -1);
  return keys;
}

function selectFields(record: QueryRecord, list: string | undefined, fieldsByLower: Map<string, string>): QueryRecord {
  if (!list) return record;
  const wanted = list
    .split(',')
    .map((name) => fieldsByLower.get(name.trim().toLowerCase()))
    .filter((name): name is string => name !== undefined);
  if (wanted.length === 0) return record;
  return Object.fromEntries(wanted.filter((name) => name in record).map((name) => [name, record[name]]));
}

/**
 * Runs a query. `total` is the size of the whole table unless `include=Total` asks for the real count —
 * a reading of the documented "total is not always calculated correctly" (`?Id=<one>` answered total 70).
 */
export function runAutoQuery(
  records: readonly QueryRecord[],
  searchParams: URLSearchParams,
  options: AutoQueryOptions,
): QueryEnvelope {
  const fieldsByLower = new Map(options.fields.map((field) => [field.toLowerCase(), field]));
  const parameters = new Map<string, string>();
  const conditions: Condition[] = [];
  for (const [name, value] of searchParams) {
    const lower = name.toLowerCase();
    if (reservedParameters.has(lower)) parameters.set(lower, value);
    else {
      const condition = parseCondition(name, value, fieldsByLower);
      if (condition) conditions.push(condition);
    }
  }
  const filtered = records.filter((record) => conditions.every((condition) => matches(record, condition)));
  const keys = sortKeys(parameters, fieldsByLower);
  if (keys.length > 0) {
    filtered.sort((left, right) => {
      for (const [field, direction] of keys) {
        const leftValue = left[field];
        const rightValue = right[field];
        if (leftValue === rightValue) continue;
        if (leftValue === undefined || leftValue === null) return 1;
        if (rightValue === undefined || rightValue === null) return -1;
        const order = compare(leftValue, String(rightValue)) ?? 0;
        if (order !== 0) return order * direction;
      }
      return 0;
    });
  }
  const skip = parseCount('skip', parameters.get('skip') ?? null) ?? 0;
  const maxLimit = options.maxLimit ?? 1000;
  const take = Math.min(parseCount('take', parameters.get('take') ?? null) ?? maxLimit, maxLimit);
  const page = filtered.slice(skip, skip + take);
  const includeTotal = (parameters.get('include') ?? '')
    .split(',')
    .some((name) => name.trim().toLowerCase() === 'total');
  return {
    offset: skip,
    total: includeTotal ? filtered.length : records.length,
    results: page.map((record) => {
      const visible = { ...record };
      for (const hidden of options.hiddenFields ?? []) delete visible[hidden];
      return selectFields(visible, parameters.get('fields'), fieldsByLower);
    }),
    meta: {},
  };
}
