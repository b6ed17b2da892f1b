import { CarrierUnavailableError } from '../../core/index.js';

/**
 * The records of an sTN list read. stn.md §3.1: "The page describes the response as 'an array', and the Quick Start
 * shows a bare JSON array `[ {...} ]` … The docs are loose: QueryActivation is also called 'an array' and shows the
 * envelope. A client should accept both forms." So every list read goes through here: the AutoQuery envelope
 * (`{offset, total, results}`), a bare array, or the single object of the QuerySimcard endpoint page (§6 quirk 9).
 * Anything else is not an empty list: it is an answer we cannot read, and says so.
 */
export function listResults<T>(operation: string, answer: unknown): T[] {
  if (Array.isArray(answer)) return answer as T[];
  if (typeof answer === 'object' && answer !== null) {
    const record = answer as Record<string, unknown>;
    if (Array.isArray(record.results)) return record.results as T[];
    // An envelope with nothing found may leave `results` out; `offset`/`total` still say it is the envelope.
    if ('offset' in record || 'total' in record) return [];
    if (typeof record.id === 'string') return [answer as T];
  }
  throw new CarrierUnavailableError(
    `sTN ${operation}: the answer is neither a list, an AutoQuery envelope nor a record`,
    { id: 'stn' },
    { requestMayHaveArrived: false },
  );
}
