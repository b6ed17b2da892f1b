import { describe, expect, it } from 'vitest';
import { carrierCursorFor, decodeCarrierCursor, encodeCarrierCursor } from '../../src/http/carrier-page-cursor.js';

describe('carrier page cursors', () => {
  it('carry any carrier cursor (also non-ASCII) back unchanged, for the read and connection that issued them', () => {
    for (const carrierCursor of ['1', 'opaque:token==/+', 'é📱']) {
      const cursor = encodeCarrierCursor('sim_cards', 'cc_01abc', carrierCursor)!;
      expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
      expect(decodeCarrierCursor(cursor, 'sim_cards')).toEqual({ connectionId: 'cc_01abc', carrierCursor });
      expect(decodeCarrierCursor(cursor, 'invoices')).toBeNull();
      expect(carrierCursorFor(decodeCarrierCursor(cursor, 'sim_cards')!, 'cc_01abc')).toEqual({
        cursor: carrierCursor,
      });
    }
  });

  it('has no cursor when the carrier has no next page', () => {
    expect(encodeCarrierCursor('cdrs', 'cc_01abc', undefined)).toBeNull();
  });

  it('refuses a cursor issued for another connection with a 400 naming cursor', () => {
    const cursor = decodeCarrierCursor(encodeCarrierCursor('invoices', 'cc_01abc', '5')!, 'invoices')!;
    expect(() => carrierCursorFor(cursor, 'cc_01other')).toThrow(
      expect.objectContaining({ code: 'validation_failed', errors: [expect.objectContaining({ pointer: 'cursor' })] }),
    );
  });

  it('refuses what we did not produce: padding, another spelling, too long', () => {
    const cursor = encodeCarrierCursor('invoices', 'cc_01abc', '5')!;
    expect(decodeCarrierCursor(`${cursor}=`, 'invoices')).toBeNull();
    expect(decodeCarrierCursor('zzz', 'invoices')).toBeNull();
    expect(decodeCarrierCursor(encodeCarrierCursor('invoices', 'cc_01abc', 'x'.repeat(3000))!, 'invoices')).toBeNull();
  });
});
