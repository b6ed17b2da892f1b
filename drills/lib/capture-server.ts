/**
 * A loopback HTTP server the drills own, standing where the outside world would be: it relays SPS callbacks to the
 * gateway and keeps a copy of each (so a genuine callback can be replayed), receives webhook deliveries, and records
 * whatever else reaches it (a "carrier" at a URL of the admin's choosing). Everything it saw is searched for secrets.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';

export interface CapturedRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: string;
  relayedStatus?: number;
}

export interface CaptureServer {
  port: number;
  baseUrl: string;
  callbacks: CapturedRequest[];
  webhooks: CapturedRequest[];
  other: CapturedRequest[];
  /** Where `/callback/<connection>` is relayed to (the gateway; it may move between restarts). */
  relayTo: string;
  close(): Promise<void>;
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

export async function startCaptureServer(): Promise<CaptureServer> {
  const state: Omit<CaptureServer, 'port' | 'baseUrl' | 'close'> = {
    callbacks: [],
    webhooks: [],
    other: [],
    relayTo: '',
  };
  const server: Server = createServer(async (request, response) => {
    const body = await readBody(request);
    const headers = Object.fromEntries(
      Object.entries(request.headers).map(([name, value]) => [
        name,
        Array.isArray(value) ? value.join(', ') : (value ?? ''),
      ]),
    );
    const captured: CapturedRequest = { method: request.method ?? '', path: request.url ?? '', headers, body };
    const callback = /^\/callback\/([^/?]+)$/.exec(captured.path);
    if (callback && state.relayTo) {
      state.callbacks.push(captured);
      try {
        const relayed = await fetch(`${state.relayTo}/v1/callbacks/sps/${callback[1]}`, {
          method: 'POST',
          headers: {
            'content-type': headers['content-type'] ?? 'application/json',
            'x-sps-timestamp': headers['x-sps-timestamp'] ?? '',
            'x-sps-signature': headers['x-sps-signature'] ?? '',
            'x-correlation-id': headers['x-correlation-id'] ?? '',
          },
          body,
        });
        captured.relayedStatus = relayed.status;
        response.writeHead(relayed.status, { 'content-type': 'application/json' }).end(await relayed.text());
      } catch {
        response.writeHead(502).end();
      }
      return;
    }
    if (captured.path.startsWith('/hook')) {
      state.webhooks.push(captured);
      response.writeHead(200).end();
      return;
    }
    state.other.push(captured);
    response.writeHead(503, { 'content-type': 'application/json' }).end('{"error":"drill sink"}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const capture = state as CaptureServer;
  capture.port = port;
  capture.baseUrl = `http://127.0.0.1:${port}`;
  capture.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return capture;
}
