import { createServer } from 'node:http';
import { Webhook } from 'standardwebhooks';

export interface ReceivedWebhook {
  /** The `webhook-id` header: the event's id. */
  id: string;
  payload: { id: string; type: string; sequence: number; subscriptionId: string | null; operationId: string | null };
}

export interface LoopbackWebhookReceiver {
  /** Where the receiver listens (`http://127.0.0.1:<port>`); register `${origin}/hooks`. */
  origin: string;
  /** Deliveries whose Standard Webhooks signature verified, in arrival order. */
  received: ReceivedWebhook[];
  /** Deliveries refused because their signature did not verify. */
  refused: number;
  /** The endpoint's secret, known once the endpoint is registered. */
  useSecret(secret: string): void;
  close(): Promise<void>;
}

/**
 * A webhook receiver on a real loopback socket: it verifies each delivery's signature with the `standardwebhooks`
 * package (as a customer would), answers 401 when it does not verify, and keeps the verified ones in arrival order.
 */
export async function startLoopbackWebhookReceiver(): Promise<LoopbackWebhookReceiver> {
  let verifier: Webhook | undefined;
  const receiver: LoopbackWebhookReceiver = {
    origin: '',
    received: [],
    refused: 0,
    useSecret(secret) {
      verifier = new Webhook(secret);
    },
    close: async () => {},
  };
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const headers = Object.fromEntries(
        Object.entries(request.headers).map(([name, value]) => [
          name,
          Array.isArray(value) ? value.join(',') : (value ?? ''),
        ]),
      );
      try {
        if (!verifier) throw new Error('no secret yet');
        const payload = verifier.verify(body, headers) as ReceivedWebhook['payload'];
        receiver.received.push({ id: headers['webhook-id'] ?? '', payload });
        response.writeHead(204).end();
      } catch {
        receiver.refused++;
        response.writeHead(401).end();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  receiver.origin = `http://127.0.0.1:${port}`;
  receiver.close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return receiver;
}
