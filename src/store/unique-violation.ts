/** Postgres SQLSTATE for a unique (or primary key) violation. */
const uniqueViolationCode = '23505';

/**
 * True when `error` is a unique violation. drizzle wraps driver errors, putting the driver's error (which holds
 * the SQLSTATE in `code`) in `cause`, on both postgres.js and PGlite; an unwrapped driver error is accepted too.
 */
export function isUniqueViolation(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; depth < 3 && current !== null && typeof current === 'object'; depth++) {
    if ('code' in current && current.code === uniqueViolationCode) return true;
    current = 'cause' in current ? current.cause : undefined;
  }
  return false;
}
