/**
 * Ids that sort by creation time (a ULID-like layout: 10 characters of milliseconds, then 16 random ones, in
 * Crockford base32), so cursor pagination can order by id alone. Randomness comes from Web Crypto, present on
 * every runtime we target.
 */
export type IdPrefix = 'sub' | 'op' | 'ten' | 'key' | 'cc' | 'att' | 'evt' | 'whe' | 'whd' | 'msg';

export interface IdGenerator {
  newId(prefix: IdPrefix): string;
  /** A short unique id (≤ 15 characters) a carrier can carry back to us (sTN referenceNumber). */
  newCorrelationId(): string;
}

const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

function encodeTime(milliseconds: number, length: number): string {
  let out = '';
  let rest = milliseconds;
  for (let index = 0; index < length; index++) {
    out = alphabet[rest % 32] + out;
    rest = Math.floor(rest / 32);
  }
  return out;
}

function randomChars(length: number): string {
  const bytes = new Uint8Array(length);
  crypto.getRandomValues(bytes);
  let out = '';
  for (const byte of bytes) out += alphabet[byte % 32];
  return out;
}

export function createIdGenerator(now: () => Date = () => new Date()): IdGenerator {
  let lastTime = -1;
  let counter = 0;
  return {
    newId(prefix) {
      // A counter after the timestamp keeps ids made within one millisecond in creation order.
      const time = now().getTime();
      counter = time === lastTime ? counter + 1 : 0;
      lastTime = time;
      return `${prefix}_${encodeTime(time, 10)}${encodeTime(counter, 3)}${randomChars(13)}`.toLowerCase();
    },
    newCorrelationId() {
      // 'g' + 14 characters: within sTN's 15-character referenceNumber, unique enough (70 bits of randomness).
      return `g${randomChars(14)}`;
    },
  };
}
