/**
 * Whether a JSON text nests objects and arrays deeper than `limit`, found by one pass over the characters: no
 * parsing and no recursion, so a body 100,000 levels deep costs one loop, not a stack overflow in whatever walks
 * the parsed value later (zod, the Idempotency-Key fingerprint, the text checks). Text that is not JSON at all is
 * left for the parser to refuse.
 */
export function nestsDeeperThan(text: string, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let index = 0; index < text.length; index++) {
    const character = text.charCodeAt(index);
    if (inString) {
      if (character === 0x5c)
        index++; // a backslash: the next character is escaped, a quote included
      else if (character === 0x22) inString = false;
    } else if (character === 0x22) {
      inString = true;
    } else if (character === 0x7b || character === 0x5b) {
      depth++;
      if (depth > limit) return true;
    } else if (character === 0x7d || character === 0x5d) {
      depth--;
    }
  }
  return false;
}
