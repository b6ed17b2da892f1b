import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../src/core/index.js';
import { maximumFingerprintDepth, requestFingerprint } from '../../src/http/idempotency.js';
import { nodeSha256Hex } from '../../src/runtime/node-sha256.js';

/** `levels` objects nested in each other, the innermost holding a number. */
function nested(levels: number): unknown {
  let value: unknown = 1;
  for (let level = 0; level < levels; level++) value = { a: value };
  return value;
}

describe('requestFingerprint', () => {
  it('ignores key order and undefined members, and tells other bodies, methods and paths apart', async () => {
    const one = await requestFingerprint('POST', '/v1/x', { b: [1, { d: 2, c: 3 }], a: null, skip: undefined });
    expect(await requestFingerprint('POST', '/v1/x', { a: null, b: [1, { c: 3, d: 2 }] })).toBe(one);
    expect(await requestFingerprint('POST', '/v1/x', { a: null, b: [{ c: 3, d: 2 }, 1] })).not.toBe(one);
    expect(await requestFingerprint('PATCH', '/v1/x', { a: null, b: [1, { c: 3, d: 2 }] })).not.toBe(one);
    expect(await requestFingerprint('POST', '/v1/y', { a: null, b: [1, { c: 3, d: 2 }] })).not.toBe(one);
  });

  it("is the same with the runtime's synchronous SHA-256 (a key claimed on one instance replays on another)", async () => {
    const body = { sim: { type: 'physical', iccid: '8931' }, plan: 'unlimited' };
    const hashed: string[] = [];
    const viaNode = await requestFingerprint('POST', '/v1/subscriptions', body, (text) => {
      hashed.push(text);
      return nodeSha256Hex(text);
    });
    expect(hashed).toHaveLength(1);
    expect(viaNode).toBe(await requestFingerprint('POST', '/v1/subscriptions', body));
  });

  it(`fingerprints ${maximumFingerprintDepth} levels and refuses one more as a 400 naming the body`, async () => {
    expect(maximumFingerprintDepth).toBe(64);
    await expect(requestFingerprint('POST', '/v1/x', nested(64))).resolves.toMatch(/^[0-9a-f]{64}$/);
    await expect(requestFingerprint('POST', '/v1/x', [nested(63)])).resolves.toMatch(/^[0-9a-f]{64}$/);
    for (const body of [nested(65), [nested(64)], nested(100_000)]) {
      const refusal = await requestFingerprint('POST', '/v1/x', body).then(
        () => null,
        (error: unknown) => error,
      );
      expect(refusal).toBeInstanceOf(ValidationError);
      expect((refusal as ValidationError).toProblem()).toMatchObject({
        status: 400,
        errors: [{ pointer: '', detail: 'nested more than 64 levels deep' }],
      });
    }
  });
});
