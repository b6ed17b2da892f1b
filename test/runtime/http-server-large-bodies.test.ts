import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveGateway } from '../../src/runtime/http-server.js';
import { type Harness, sandboxKey, startHarness } from '../helpers/gateway-harness.js';

/**
 * Bodies over BODY_LIMIT_BYTES (1 MiB here) sent to a real Node server on a loopback port, through the server the
 * runtime uses: the client must read the 413 problem+json, not "socket hang up", with or without Content-Length.
 */
let harness: Harness;
let server: ReturnType<typeof serveGateway>;
let port: number;
beforeAll(async () => {
  harness = await startHarness({ environment: { BODY_LIMIT_BYTES: String(1024 * 1024) } });
  server = serveGateway({ fetch: harness.gateway.fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise((resolve) => server.once('listening', resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
  await harness?.close();
});

interface Answer {
  status: number | undefined;
  contentType: string | undefined;
  body: string;
}

/** POSTs `bytes` of JSON-ish body as fast as the socket takes it, and resolves with what the client read. */
function post(path: string, bytes: number, chunked: boolean, headers: Record<string, string> = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const outgoing = request(
      {
        host: '127.0.0.1',
        port,
        method: 'POST',
        path,
        headers: {
          'content-type': 'application/json',
          ...headers,
          ...(chunked ? {} : { 'content-length': String(bytes) }),
        },
      },
      (response) => {
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => {
          body += chunk;
        });
        response.on('end', () =>
          resolve({ status: response.statusCode, contentType: response.headers['content-type'], body }),
        );
        response.on('error', reject);
      },
    );
    outgoing.on('error', reject);
    const chunk = Buffer.alloc(64 * 1024, 'x');
    let sent = 0;
    const write = () => {
      while (sent < bytes) {
        const size = Math.min(chunk.length, bytes - sent);
        sent += size;
        if (!outgoing.write(chunk.subarray(0, size))) {
          outgoing.once('drain', write);
          return;
        }
      }
      outgoing.end();
    };
    write();
  });
}

describe('a body over the limit, over a real socket', () => {
  const cases = [2, 8].flatMap((megabytes) =>
    [false, true].map(
      (chunked) => [`${megabytes} MB ${chunked ? 'chunked' : 'with Content-Length'}`, megabytes, chunked] as const,
    ),
  );

  it.each(cases)('a callback of %s is answered 413 problem+json', async (_name, megabytes, chunked) => {
    const answer = await post('/v1/callbacks/sps/cc_sandbox_sps', megabytes * 1_000_000, chunked);
    expect(answer.status).toBe(413);
    expect(answer.contentType).toBe('application/problem+json');
    expect(JSON.parse(answer.body)).toMatchObject({ status: 413, code: 'payload_too_large' });
  });

  it.each(cases)('an authenticated POST of %s is answered 413 problem+json', async (_name, megabytes, chunked) => {
    const answer = await post('/v1/webhook-endpoints', megabytes * 1_000_000, chunked, {
      authorization: `Bearer ${sandboxKey}`,
    });
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.body)).toMatchObject({ code: 'payload_too_large' });
  });

  it('still serves a body under the limit', async () => {
    const body = JSON.stringify({ url: `https://example.com/${'p'.repeat(60_000)}` });
    const answer = await new Promise<Answer>((resolve, reject) => {
      const outgoing = request(
        {
          host: '127.0.0.1',
          port,
          method: 'POST',
          path: '/v1/webhook-endpoints',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${sandboxKey}` },
        },
        (response) => {
          let text = '';
          response.on('data', (chunk) => {
            text += chunk;
          });
          response.on('end', () =>
            resolve({ status: response.statusCode, contentType: response.headers['content-type'], body: text }),
          );
        },
      );
      outgoing.on('error', reject);
      outgoing.end(body);
    });
    expect(answer.status, answer.body).toBe(201);
  });
});
