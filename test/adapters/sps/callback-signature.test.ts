import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isValidSpsSignature, signSpsCallback } from '../../../src/adapters/sps/callback-signature.js';
import { constantTimeEqual } from '../../../src/core/index.js';

describe('SPS callback signature', () => {
  it('is the hex HMAC-SHA256 of "<timestamp>.<body>"', async () => {
    // Reference value computed independently: printf '1700000000.{"a":1}' | openssl dgst -sha256 -hmac secret
    expect(await signSpsCallback('secret', 1700000000, '{"a":1}')).toBe(
      '49f24e537407743fa4a0242bb63b94b9a47ee99cbbe071ccd8a22550ae411686',
    );
  });

  it('verifies what it signed and nothing else', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string(), fc.string(), fc.nat(), async (body, other, timestamp) => {
        const signature = await signSpsCallback('callback-secret', timestamp, body);
        expect(await isValidSpsSignature('callback-secret', timestamp, body, signature)).toBe(true);
        expect(await isValidSpsSignature('callback-secret', timestamp + 1, body, signature)).toBe(false);
        if (other !== body)
          expect(await isValidSpsSignature('callback-secret', timestamp, other, signature)).toBe(false);
      }),
      { numRuns: 50 },
    );
  });

  it('compares strings of any length without throwing', () => {
    expect(constantTimeEqual('abc', 'abc')).toBe(true);
    expect(constantTimeEqual('abc', 'abd')).toBe(false);
    expect(constantTimeEqual('abc', 'abcd')).toBe(false);
    expect(constantTimeEqual('', '')).toBe(true);
  });
});
