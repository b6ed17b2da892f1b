import { Hono } from 'hono';
import type { AppEnvironment } from '../app-environment.js';
import { consoleAssets } from '../console/generated/console-assets.js';

/**
 * Nothing but this origin: the console loads its own script and stylesheet, talks to this gateway's API, draws
 * QR codes as inline SVG, and can be framed by nobody (its buttons cease lines).
 */
const contentSecurityPolicy = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

type Asset = (typeof consoleAssets)[keyof typeof consoleAssets];

/**
 * GET /console: the operations console (src/console, bundled into a generated module by `npm run
 * generate:console`). It is public like /docs: it holds no data, and every read and action it makes goes through
 * /v1 with the key the user signs in with. Served from memory with an ETag, so repeat visits cost a 304.
 */
export function consoleRoutes() {
  const app = new Hono<AppEnvironment>();
  const serve = (asset: Asset) => (context: { req: { header(name: string): string | undefined } }) => {
    const headers = {
      'content-type': asset.contentType,
      'cache-control': 'no-cache',
      etag: asset.etag,
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'content-security-policy': contentSecurityPolicy,
    };
    if (context.req.header('if-none-match') === asset.etag) return new Response(null, { status: 304, headers });
    return new Response(asset.body, { status: 200, headers });
  };
  app.get('/console', serve(consoleAssets.html));
  app.get('/console/', (context) => context.redirect('/console', 301));
  app.get('/console/console.js', serve(consoleAssets.script));
  app.get('/console/console.css', serve(consoleAssets.css));
  return app;
}
