import scalarScript from '@scalar/api-reference/browser/standalone.js';

/** The /docs UI script, bundled into the worker as text (wrangler.toml's [[rules]]), so /docs needs no CDN. */
export const loadBundledScalarScript = (): Promise<string> => Promise.resolve(scalarScript);
