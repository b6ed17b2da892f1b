import { createHash } from 'node:crypto';

/** Node's SHA-256 answers synchronously; Web Crypto's digest is a promise, a measurable cost on every request. */
export const nodeSha256Hex = (text: string): string => createHash('sha256').update(text).digest('hex');
