import { createServer, type IncomingMessage, type RequestListener, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';

/**
 * The gateway's Node HTTP server (@hono/node-server), with one change: a request answered before its body was
 * read — the 413 of the body limit above all — has the rest of its body read and thrown away before the connection
 * is let go. Closing a socket with unread input makes the kernel send a reset, and a reset makes the client drop
 * what it had received but not yet read: a 2 MB POST then saw "socket hang up" instead of our 413. @hono/node-server
 * drains for only 500 ms, and not at all while Readable.toWeb holds the stream paused (a chunked body), so its own
 * clean-up is turned off and this one takes its place. The discarding is bounded; past the bound the socket is
 * closed as before.
 */
export const discardLimits = { maxBytes: 64 * 1024 * 1024, maxMilliseconds: 10_000 };

function discardUnreadBody(incoming: IncomingMessage, limits: typeof discardLimits): void {
  if (incoming.readableEnded || incoming.destroyed) return;
  let discarded = 0;
  const giveUp = () => {
    clearTimeout(timer);
    incoming.socket?.destroy();
  };
  const timer = setTimeout(giveUp, limits.maxMilliseconds);
  timer.unref();
  // Nothing reads this request any more: the web stream wrapping it (and pausing it when its queue is full) goes.
  incoming.removeAllListeners('data');
  incoming.on('data', (chunk: Buffer) => {
    discarded += chunk.length;
    if (discarded > limits.maxBytes) giveUp();
  });
  incoming.once('end', () => clearTimeout(timer));
  incoming.once('close', () => clearTimeout(timer));
  incoming.resume();
}

function discardingBodiesLeftUnread(listener: RequestListener, limits: typeof discardLimits): RequestListener {
  return (incoming, outgoing: ServerResponse) => {
    if (incoming.method !== 'GET' && incoming.method !== 'HEAD') {
      outgoing.once('finish', () => discardUnreadBody(incoming, limits));
    }
    return listener(incoming, outgoing);
  };
}

export interface GatewayServerOptions {
  fetch: (request: Request) => Response | Promise<Response>;
  port: number;
  hostname: string;
  limits?: typeof discardLimits;
}

export function serveGateway(options: GatewayServerOptions, onListening?: (info: AddressInfo) => void) {
  const limits = options.limits ?? discardLimits;
  return serve(
    {
      fetch: options.fetch,
      port: options.port,
      hostname: options.hostname,
      autoCleanupIncoming: false,
      createServer: ((serverOptions: object, listener: RequestListener) =>
        createServer(serverOptions, discardingBodiesLeftUnread(listener, limits))) as never,
    },
    onListening,
  );
}
