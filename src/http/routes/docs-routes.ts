import { Hono } from 'hono';
import type { AppDependencies, AppEnvironment } from '../app-environment.js';

/**
 * The API reference UI (Scalar), reading /openapi.json. Its script is served from here rather than a CDN, and
 * its web fonts are off, because gateways often run where there is no internet.
 */
const page = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>mvno-gateway API reference</title>
  </head>
  <body>
    <!-- Not the id api-reference: the bundle mounts that element by itself, and two mounts leave the page blank. -->
    <div id="reference"></div>
    <script src="/docs/scalar.js"></script>
    <script>
      Scalar.createApiReference('#reference', { url: '/openapi.json', withDefaultFonts: false });
    </script>
  </body>
</html>`;

export function docsRoutes(dependencies: AppDependencies) {
  const app = new Hono<AppEnvironment>();
  let script: Promise<string> | undefined;
  app.get('/docs', (context) => context.html(page));
  app.get('/docs/scalar.js', async (context) => {
    if (!dependencies.docsScript)
      return context.text('// The API reference script is not bundled with this runtime.', 404);
    script ??= dependencies.docsScript();
    return context.body(await script, 200, {
      'content-type': 'text/javascript; charset=utf-8',
      'cache-control': 'public, max-age=86400',
    });
  });
  return app;
}
