import createClient from 'openapi-fetch';
import { describe, expect, it } from 'vitest';
import {
  type CarrierExchange,
  CarrierUnavailableError,
  createCarrierTransport,
  GatewayError,
} from '../../src/adapter/index.js';

/** A fetch that answers with `respond`, recording the signal of each request. */
function fakeFetch(respond: (request: Request) => Response | Promise<Response>) {
  const signals: AbortSignal[] = [];
  const fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = new Request(input, init);
    signals.push(init?.signal ?? request.signal);
    return respond(request);
  }) as typeof globalThis.fetch;
  return { fetch, signals };
}

const never = () => new Promise<Response>(() => {});

async function failure(promise: Promise<unknown>): Promise<CarrierUnavailableError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(CarrierUnavailableError.isInstance(error), `expected CarrierUnavailableError, got ${String(error)}`).toBe(
    true,
  );
  return error as CarrierUnavailableError;
}

function networkError(code: string): TypeError {
  return new TypeError('fetch failed', { cause: Object.assign(new Error(code), { code }) });
}

describe('the carrier transport', () => {
  it('gives up after timeoutMs even when fetch ignores the signal, and aborts the request', async () => {
    const { fetch, signals } = fakeFetch(never);
    const transport = createCarrierTransport({ carrierId: 'acme', fetch, timeoutMs: 20 });
    const write = await failure(transport.fetch('https://acme.test/orders', { method: 'POST', body: '{}' }));
    expect(write.message).toMatch(/acme POST \/orders: no answer within 20 ms/);
    expect(write.requestMayHaveArrived).toBe(true);
    expect(write.carrier).toEqual({ id: 'acme' });
    expect(signals[0]?.aborted).toBe(true);
    const read = await failure(transport.fetch('https://acme.test/orders/1'));
    expect(read.requestMayHaveArrived).toBe(false);
  });

  it('a fetch that honours the abort ends as the same timeout', async () => {
    const fetch = ((_: RequestInfo | URL, init?: RequestInit) =>
      new Promise<Response>((_resolve, reject) => {
        init?.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
      })) as typeof globalThis.fetch;
    const transport = createCarrierTransport({ carrierId: 'acme', fetch, timeoutMs: 10 });
    const error = await failure(transport.fetch(new Request('https://acme.test/x', { method: 'PUT', body: 'a' })));
    expect(error.message).toMatch(/no answer within 10 ms/);
    expect(error.requestMayHaveArrived).toBe(true);
  });

  it('a connection that could not be opened did not arrive; one that broke may have', async () => {
    const refused = createCarrierTransport({
      carrierId: 'acme',
      fetch: fakeFetch(() => Promise.reject(networkError('ECONNREFUSED'))).fetch,
      timeoutMs: 1000,
    });
    const notArrived = await failure(refused.fetch('https://acme.test/orders', { method: 'POST' }));
    expect(notArrived.requestMayHaveArrived).toBe(false);
    expect(notArrived.message).toMatch(/could not reach acme \(ECONNREFUSED\)/);
    const reset = createCarrierTransport({
      carrierId: 'acme',
      fetch: fakeFetch(() => Promise.reject(networkError('ECONNRESET'))).fetch,
      timeoutMs: 1000,
    });
    expect((await failure(reset.fetch('https://acme.test/orders', { method: 'POST' }))).requestMayHaveArrived).toBe(
      true,
    );
    expect((await failure(reset.fetch('https://acme.test/orders'))).requestMayHaveArrived).toBe(false);
  });

  it('429 did not arrive, with Retry-After in seconds or as a date, and none when absent', async () => {
    const now = () => new Date('2026-01-01T00:00:00Z');
    let retryAfter: string | null = '7';
    const transport = createCarrierTransport({
      carrierId: 'acme',
      now,
      timeoutMs: 1000,
      fetch: fakeFetch(
        () => new Response('slow down', { status: 429, headers: retryAfter ? { 'retry-after': retryAfter } : {} }),
      ).fetch,
    });
    const seconds = await failure(transport.fetch('https://acme.test/orders', { method: 'POST' }));
    expect(seconds).toMatchObject({ requestMayHaveArrived: false, retryAfterSeconds: 7, carrier: { httpStatus: 429 } });
    retryAfter = 'Thu, 01 Jan 2026 00:01:30 GMT';
    expect((await failure(transport.fetch('https://acme.test/orders', { method: 'POST' }))).retryAfterSeconds).toBe(90);
    retryAfter = null;
    const without = await failure(transport.fetch('https://acme.test/orders', { method: 'POST' }));
    expect(without.retryAfterSeconds).toBeUndefined();
    expect(without.requestMayHaveArrived).toBe(false);
  });

  it('5xx may have been carried out for a write, not for a read; other answers are returned', async () => {
    let status = 503;
    const transport = createCarrierTransport({
      carrierId: 'acme',
      timeoutMs: 1000,
      fetch: fakeFetch(() => new Response('{}', { status })).fetch,
    });
    const write = await failure(transport.fetch('https://acme.test/orders', { method: 'POST' }));
    expect(write).toMatchObject({ requestMayHaveArrived: true, carrier: { id: 'acme', httpStatus: 503 } });
    status = 500;
    expect((await failure(transport.fetch('https://acme.test/orders'))).requestMayHaveArrived).toBe(false);
    status = 404;
    expect((await transport.fetch('https://acme.test/orders/9')).status).toBe(404);
  });

  it('captures each exchange with secrets redacted by header, field, parameter and value', async () => {
    const exchanges: CarrierExchange[] = [];
    const transport = createCarrierTransport({
      carrierId: 'acme',
      timeoutMs: 1000,
      redact: { headers: ['x-acme-token'], fields: ['pinCode', 'client_secret'], values: ['s3cr3t-value'] },
      onExchange: (exchange) => exchanges.push(exchange),
      fetch: fakeFetch(
        () =>
          new Response(JSON.stringify({ id: 'o1', echo: 'token s3cr3t-value', nested: { pinCode: '1234' } }), {
            status: 500,
            headers: { 'content-type': 'application/json' },
          }),
      ).fetch,
    });
    await failure(
      transport.fetch('https://acme.test/orders?client_secret=abc&page=2', {
        method: 'POST',
        headers: {
          authorization: 'Bearer xyz',
          'x-acme-token': 'tok',
          'content-type': 'application/json',
          'x-note': 'has s3cr3t-value',
        },
        body: JSON.stringify({ msisdn: '+31612345678', pinCode: '9999', note: 'key=s3cr3t-value' }),
      }),
    );
    const [exchange] = exchanges;
    expect(exchange).toMatchObject({
      method: 'POST',
      url: 'https://acme.test/orders?client_secret=%5Bredacted%5D&page=2',
      requestHeaders: { authorization: '[redacted]', 'x-acme-token': '[redacted]', 'x-note': 'has [redacted]' },
      requestBody: { msisdn: '+31612345678', pinCode: '[redacted]', note: 'key=[redacted]' },
      status: 500,
      responseBody: { id: 'o1', echo: 'token [redacted]', nested: { pinCode: '[redacted]' } },
      error: { requestMayHaveArrived: true },
    });
    expect(JSON.stringify(exchanges)).not.toMatch(/s3cr3t-value|9999|xyz|"tok"|abc/);
  });

  it('works as openapi-fetch middleware and as its fetch, and classifies an unreadable body', async () => {
    let body = '{"ok":true}';
    const { fetch } = fakeFetch(
      (request) =>
        new Response(request.url.endsWith('/boom') ? 'oops' : body, {
          status: request.url.endsWith('/boom') ? 502 : 200,
          headers: { 'content-type': 'application/json' },
        }),
    );
    const transport = createCarrierTransport({ carrierId: 'acme', fetch, timeoutMs: 1000 });
    // biome-ignore lint/suspicious/noExplicitAny: an untyped client is enough to drive the middleware.
    const viaMiddleware = createClient<any>({ baseUrl: 'https://acme.test' });
    viaMiddleware.use(transport.middleware);
    expect((await viaMiddleware.GET('/orders', {})).data).toEqual({ ok: true });
    expect((await failure(viaMiddleware.POST('/boom', { body: {} }))).requestMayHaveArrived).toBe(true);

    // biome-ignore lint/suspicious/noExplicitAny: as above.
    const viaFetch = createClient<any>({ baseUrl: 'https://acme.test', fetch: transport.fetch });
    body = '{"ok":';
    const unreadable = await failure(
      transport.call(() => viaFetch.POST('/orders', { body: {} }), { write: true, what: 'create an order' }),
    );
    expect(unreadable.message).toBe('acme answered with a body we could not read while trying to create an order');
    expect(unreadable.requestMayHaveArrived).toBe(true);
    const rejection = new GatewayError('carrier_rejected', 'no');
    await expect(transport.call(() => Promise.reject(rejection), { write: true, what: 'x' })).rejects.toBe(rejection);
  });
});
