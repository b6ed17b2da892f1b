import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { ledgerMiddleware, RequestLedger } from '../../src/adapters/simulator-kit/index.js';

/** The simulator kit's ledger redacts what its simulator names as secret, not a fixed list of sTN/SPS headers. */
function simulatorWith(ledger: RequestLedger) {
  const app = new Hono();
  app.use(
    '*',
    ledgerMiddleware(ledger, () => new Date('2026-01-01T00:00:00Z')),
  );
  app.all('*', (context) => context.json({ ok: true }));
  return app;
}

describe('the simulator ledger', () => {
  it('redacts the headers and fields it was given, at any depth, and authorization always', async () => {
    const ledger = new RequestLedger({ headers: ['X-Vendor-Signature'], fields: ['pinCode'] });
    await simulatorWith(ledger).request('/orders', {
      method: 'POST',
      headers: { authorization: 'Bearer t0k', 'x-vendor-signature': 'sig-123', 'content-type': 'application/json' },
      body: JSON.stringify({ msisdn: '+31612345678', pinCode: '4321', items: [{ pinCode: '8765', sku: 'a' }] }),
    });
    await simulatorWith(ledger).request('/token', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=client_credentials&pinCode=9999',
    });
    const [json, form] = ledger.all();
    expect(json?.headers).toMatchObject({ authorization: '[redacted]', 'x-vendor-signature': '[redacted]' });
    expect(json?.body).toEqual({
      msisdn: '+31612345678',
      pinCode: '[redacted]',
      items: [{ pinCode: '[redacted]', sku: 'a' }],
    });
    expect(form?.body).toBe('grant_type=client_credentials&pinCode=%5Bredacted%5D');
    expect(JSON.stringify(ledger.all())).not.toMatch(/t0k|sig-123|4321|8765|9999/);
  });

  it('keeps what no one named secret: the names come from the simulator, not from a list of carriers', async () => {
    const ledger = new RequestLedger();
    await simulatorWith(ledger).request('/x', { headers: { 'stn-api-key': 'visible-key' } });
    expect(ledger.all()[0]?.headers['stn-api-key']).toBe('visible-key');
  });
});
