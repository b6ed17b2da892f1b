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
