/**
 * PostgreSQL refuses NUL (U+0000) in text and jsonb, and unpaired UTF-16 surrogates in jsonb: a request carrying
 * one would fail at the database, possibly after part of its work was written. These find them in a validated
 * input so the edge refuses them first.
 */
const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Why PostgreSQL cannot store this text, or null when it can. */
export function unstorableTextReason(text: string): string | null {
  if (text.includes('\u0000')) return 'must not contain a NUL character (\\u0000)';
  if (loneSurrogate.test(text)) return 'must not contain an unpaired UTF-16 surrogate (\\ud800–\\udfff)';
  return null;
}

export interface UnstorableText {
  /** Object keys and array indexes from the top of the value to the text. */
  path: string[];
  detail: string;
}

/** How many places one answer names; a body with thousands of them is refused just the same. */
const mostReported = 20;

/**
 * Every string and object key in `value` that PostgreSQL cannot store, walked with an explicit stack (never
 * recursion), so any depth the body limits let through is safe.
 */
export function findUnstorableText(value: unknown): UnstorableText[] {
  const found: UnstorableText[] = [];
  const pending: Array<{ value: unknown; path: string[] }> = [{ value, path: [] }];
  while (pending.length > 0 && found.length < mostReported) {
    const { value: current, path } = pending.pop()!;
    if (typeof current === 'string') {
      const detail = unstorableTextReason(current);
      if (detail) found.push({ path, detail });
    } else if (Array.isArray(current)) {
      for (let index = current.length - 1; index >= 0; index--) {
        pending.push({ value: current[index], path: [...path, String(index)] });
      }
    } else if (typeof current === 'object' && current !== null) {
      const entries = Object.entries(current);
      for (let index = entries.length - 1; index >= 0; index--) {
        const [key, entry] = entries[index]!;
        const detail = unstorableTextReason(key);
        if (detail) found.push({ path: [...path, key], detail: `field name ${detail}` });
        else pending.push({ value: entry, path: [...path, key] });
      }
    }
  }
  return found.slice(0, mostReported);
}
