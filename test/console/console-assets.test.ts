import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildConsoleAssetsModule, consoleAssetsModulePath } from '../../src/runtime/console-build.js';
import { type Harness, startHarness } from '../helpers/gateway-harness.js';

/** Any absolute URL except XML namespace names (the SVG namespace is an identifier, never fetched). */
const externalUrl = /(?:https?:)?\/\/(?!www\.w3\.org\/(?:2000\/svg|1999\/xhtml)\b)[a-z0-9.-]+\.[a-z]{2,}/gi;

describe('GET /console and its assets', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startHarness();
  });
  afterAll(async () => {
    await harness.close();
  });

  const get = (path: string, headers: Record<string, string> = {}) =>
    harness.request('GET', path, { key: null, headers });

  it.each([
    ['/console', 'text/html; charset=utf-8'],
    ['/console/console.js', 'text/javascript; charset=utf-8'],
    ['/console/console.css', 'text/css; charset=utf-8'],
  ])('serves %s as %s, without a key, locked to this origin, with nothing from elsewhere', async (path, type) => {
    const response = await get(path);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe(type);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    const policy = response.headers.get('content-security-policy') ?? '';
    expect(policy).toContain("default-src 'none'");
    expect(policy).toContain("script-src 'self'");
    expect(policy).toContain("connect-src 'self'");
    const body = await response.text();
    expect(body.length).toBeGreaterThan(500);
    expect(body.match(externalUrl)).toBeNull();
    expect(body).not.toMatch(/@import|@font-face|fonts\.googleapis|cdn\./i);
  });

  it('the page loads only its own script and stylesheet', async () => {
    const html = await (await get('/console')).text();
    const references = [...html.matchAll(/(?:src|href)="([^"#][^"]*)"/g)].map((match) => match[1]);
    expect(references.sort()).toEqual(['/console/console.css', '/console/console.js', 'data:,']);
  });

  it('answers 304 to a revalidation with the same ETag, and /console/ redirects to /console', async () => {
    const first = await get('/console/console.js');
    const etag = first.headers.get('etag')!;
    expect(etag).toMatch(/^"[\w-]{16}"$/);
    const again = await get('/console/console.js', { 'if-none-match': etag });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
    const redirect = await get('/console/');
    expect(redirect.status).toBe(301);
    expect(redirect.headers.get('location')).toBe('/console');
  });

  it('an unknown asset is a problem+json 404, not the page', async () => {
    const response = await get('/console/nothing.js');
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
  });

  it('the generated asset module is what src/console builds to (run `npm run generate:console` after editing)', async () => {
    expect(await readFile(consoleAssetsModulePath, 'utf8')).toBe(await buildConsoleAssetsModule());
  }, 60_000);

  it('the bundle carries the state machine of src/core, refusal texts included', async () => {
    const script = await (await get('/console/console.js')).text();
    expect(script).toContain('Cannot resume a subscription that is active: that is allowed only when it is suspended.');
  });
});
