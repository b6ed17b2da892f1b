import { writeFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  chromiumPath,
  haveChromium,
  launchChromium,
  screenshotDirectory,
  seriousAccessibilityViolations,
} from './browser.js';
import { type ConsoleServer, consoleSandboxKey, startConsoleServer, startReceiver } from './console-server.js';

if (!haveChromium) {
  console.warn(`test/console: skipping the browser tests, ${chromiumPath} is absent (apt-get install -y chromium)`);
}

/**
 * The console end to end, in headless Chromium against a real sandbox gateway: sign in, activate a line and watch
 * it become active without a reload, suspend it, read the attempt of an activation the sTN simulator rejected,
 * replay a webhook delivery — and axe-core on every page.
 */
describe.skipIf(!haveChromium)('operations console in a browser', () => {
  let server: ConsoleServer;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let chromium: Awaited<ReturnType<typeof launchChromium>>;
  let page: Page;
  const pageErrors: string[] = [];
  const timings: Record<string, number> = {};

  beforeAll(async () => {
    [server, receiver, chromium] = await Promise.all([startConsoleServer(), startReceiver(), launchChromium()]);
    page = chromium.context.pages()[0] ?? (await chromium.context.newPage());
    page.setDefaultTimeout(20_000);
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error' && /Content Security Policy/i.test(message.text()))
        pageErrors.push(message.text());
    });
  }, 120_000);

  afterAll(async () => {
    if (chromium) writeFileSync(`${screenshotDirectory}timings.json`, `${JSON.stringify(timings, null, 2)}\n`);
    await chromium?.close();
    await receiver?.close();
    await server?.close();
  }, 60_000);

  async function expectAccessible(what: string) {
    const violations = await seriousAccessibilityViolations(page);
    expect(violations, `${what}: ${JSON.stringify(violations, null, 1)}`).toEqual([]);
  }

  async function freeIccid(): Promise<string> {
    const sims = await server.api('GET', '/v1/sim-cards?carrier=stn&status=available&limit=1');
    return (sims.body.data as Array<{ iccid: string }>)[0]!.iccid;
  }

  async function activateFromConsole(iccid: string) {
    await page.getByRole('link', { name: 'Lines', exact: true }).click();
    await page.getByRole('heading', { name: 'Lines', level: 1 }).waitFor();
    await page.getByLabel('ICCID (physical SIM)').fill(iccid);
    await page.getByRole('button', { name: 'Activate', exact: true }).click();
    await page.waitForURL(/#\/lines\/sub_/);
    await page.getByRole('heading', { name: /^Line / }).waitFor();
  }

  it('refuses a wrong key, then signs in with the sandbox key (kept in sessionStorage only)', async () => {
    await page.goto(`${server.baseUrl}/console`);
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await expectAccessible('sign-in');
    await page.getByLabel('Tenant API key').fill('sk_not_a_key_of_anyone');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('not accepted');
    await page.getByLabel('Tenant API key').fill(consoleSandboxKey);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Lines', level: 1 }).waitFor();
    expect(await page.evaluate(() => Object.values(sessionStorage))).toEqual([consoleSandboxKey]);
    expect(await page.evaluate(() => Object.values(localStorage))).toEqual([]);
  });

  it("fills in the carrier options a simulated carrier's sandbox suggests, and none where it suggests none", async () => {
    const guide = await server.api('GET', '/sandbox');
    const suggested = new Map(
      (guide.body.carriers as Array<{ name: string; exampleActivation?: { carrierOptions?: unknown } }>).map(
        (carrier) => [carrier.name, carrier.exampleActivation?.carrierOptions],
      ),
    );
    await page.getByRole('link', { name: 'Lines', exact: true }).click();
    await page.getByRole('heading', { name: 'Lines', level: 1 }).waitFor();
    const options = page.locator('#activate-options');
    const chosenBefore = await page.locator('#activate-carrier').inputValue();
    for (const [carrier, example] of suggested) {
      await page.locator('#activate-carrier').selectOption(carrier);
      await expect.poll(() => options.inputValue()).toBe(example ? JSON.stringify(example) : '');
    }
    expect([...suggested.values()].some(Boolean), 'some simulated carrier suggests options').toBe(true);
    await page.locator('#activate-carrier').selectOption(chosenBefore);
  });

  it('adds a webhook endpoint, so the line below produces deliveries', async () => {
    await page.getByRole('link', { name: 'Webhooks', exact: true }).click();
    await page.getByRole('heading', { name: 'Webhooks', level: 1 }).waitFor();
    await page.getByLabel('URL', { exact: true }).fill(receiver.url);
    await page.getByRole('button', { name: 'Add endpoint' }).click();
    await expect.poll(() => page.getByText('Signing secret (shown once)').count()).toBe(1);
    await expect.poll(async () => page.getByRole('cell', { name: receiver.url, exact: true }).count()).toBe(1);
    await expectAccessible('webhooks');
  });

  it('activates a line and shows it becoming active without a reload, then suspends it', async () => {
    const iccid = await freeIccid();
    await activateFromConsole(iccid);
    await page.evaluate(() => {
      (window as unknown as { notReloaded: boolean }).notReloaded = true;
    });
    await expect.poll(() => page.locator('#line-status').textContent(), { timeout: 30_000 }).toBe('active');
    expect(await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);
    await expect.poll(() => page.getByText('subscription.activated').count()).toBeGreaterThan(0);
    await expectAccessible('line');

    // Not offered while active: resume, with the state machine's reason on hover.
    const resume = page.getByRole('button', { name: 'Resume' });
    expect(await resume.getAttribute('aria-disabled')).toBe('true');
    expect(await resume.getAttribute('title')).toMatch(/only when it is suspended/);

    await page.getByRole('button', { name: 'Suspend', exact: true }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Reason (optional)').fill('lost phone');
    await dialog.getByRole('button', { name: 'Suspend' }).click();
    await expect.poll(() => page.locator('#line-status').textContent(), { timeout: 30_000 }).toBe('suspended');
    expect(await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);
    // The operation just requested is open already; its carrier calls are listed.
    const suspension = page.locator('details.operation', { has: page.locator('> summary', { hasText: 'suspend' }) });
    expect(await suspension.getAttribute('open')).not.toBeNull();
    await expect.poll(() => suspension.locator('details.attempt').count()).toBeGreaterThan(0);
    await page.screenshot({ path: `${screenshotDirectory}line-timeline.png`, fullPage: true });

    // A fresh load of the line page, timed: from navigation to its heading and status drawn.
    const line = page.url();
    await page.goto(`${server.baseUrl}/console#/lines`);
    await page.getByRole('heading', { name: 'Lines', level: 1 }).waitFor();
    await page.screenshot({ path: `${screenshotDirectory}line-list.png`, fullPage: true });
    await expectAccessible('lines');
    const started = Date.now();
    await page.goto(line);
    await page.locator('#line-status').waitFor();
    timings.lineFirstRenderMs = Date.now() - started;
  });

  it('opens the failed carrier call of an activation the sTN simulator rejected', async () => {
    await activateFromConsole('8931080040000099999');
    await expect.poll(() => page.locator('#line-status').textContent(), { timeout: 30_000 }).toBe('failed');
    const operation = page.locator('details.operation').filter({ hasText: 'activate' });
    await expect
      .poll(() => operation.locator('.problem').textContent())
      .toContain('Simcard 8931080040000099999 not found');
    await operation.locator('summary').first().click();
    const attempt = operation.locator('details.attempt').first();
    await attempt.waitFor();
    await expect.poll(() => attempt.locator('summary').textContent()).toMatch(/submit · failed · HTTP 400 · \d+ ms/);
    await attempt.locator('summary').click();
    await expect.poll(() => attempt.locator('pre').last().textContent()).toContain('carrier_rejected');
    await attempt.scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${screenshotDirectory}attempt-detail.png`, fullPage: true });
    await expectAccessible('failed line with attempt open');

    await page.getByRole('link', { name: 'Operations', exact: true }).click();
    await page.getByRole('heading', { name: 'Operations', level: 1 }).waitFor();
    await expect
      .poll(() => page.getByRole('cell', { name: 'Simcard 8931080040000099999 not found', exact: true }).count())
      .toBe(1);
    await expectAccessible('operations');
  });

  it('shows an SPS eSIM line’s activation code as a QR code drawn in the page', async () => {
    await page.getByRole('link', { name: 'Lines', exact: true }).click();
    await page.getByRole('heading', { name: 'Lines', level: 1 }).waitFor();
    await page.getByLabel('Carrier', { exact: true }).last().selectOption('sps');
    await expect.poll(() => page.getByLabel('Carrier options (JSON)').inputValue()).toContain('location');
    await page.getByLabel('SIM', { exact: true }).selectOption('esim');
    await page.getByLabel('EID (eSIM)').fill('89049032000001000000000000004321');
    await page.getByLabel('Plan').fill('Plan001');
    await page.getByRole('button', { name: 'Activate', exact: true }).click();
    await page.waitForURL(/#\/lines\/sub_/);
    await expect.poll(() => page.locator('#line-status').textContent(), { timeout: 30_000 }).toBe('active');
    const qr = page.getByRole('img', { name: 'QR code of the eSIM activation code' });
    await qr.waitFor();
    expect(await page.locator('figure.qr-figure figcaption').textContent()).toMatch(/LPA:1\$[^$]+\$\S+/);
    // A real QR symbol: square, version 2 or more (25+ modules) for an LPA string, plus the 4-module quiet zone.
    const size = Number((await qr.getAttribute('viewBox'))!.split(' ')[2]);
    expect(size).toBeGreaterThanOrEqual(25 + 8);
    expect((await qr.locator('path').getAttribute('d'))!.length).toBeGreaterThan(1000);
    await qr.scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${screenshotDirectory}esim-line.png` });
    await expectAccessible('eSIM line');
  });

  it('replays a webhook delivery: the receiver gets the same event again', async () => {
    await expect.poll(() => receiver.received.length, { timeout: 30_000 }).toBeGreaterThan(0);
    await page.getByRole('link', { name: 'Webhooks', exact: true }).click();
    await page.getByRole('heading', { name: 'Webhooks', level: 1 }).waitFor();
    await page.getByRole('button', { name: `Deliveries to ${receiver.url}` }).click();
    await page.getByRole('heading', { name: `Deliveries to ${receiver.url}` }).waitFor();
    const delivered = page.locator('tbody tr').filter({ hasText: 'delivered' }).first();
    await delivered.waitFor();
    expect(await delivered.locator('.response-code').textContent()).toBe('200');
    const eventId = (await delivered.locator('td').first().textContent())!;
    const before = receiver.received.filter((item) => item.body.includes(eventId)).length;
    await delivered.getByRole('button', { name: /^Replay/ }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Replay' }).click();
    await expect
      .poll(() => receiver.received.filter((item) => item.body.includes(eventId)).length, { timeout: 30_000 })
      .toBe(before + 1);
    await expectAccessible('webhook deliveries');
  });

  it('shows the carriers matrix and, in sandbox mode, the simulators', async () => {
    await page.getByRole('link', { name: 'Carriers', exact: true }).click();
    await page.getByRole('heading', { name: 'Carriers', level: 1 }).waitFor();
    // Reactivation: SPS offers it, sTN does not.
    const columns = await page.locator('table.matrix thead th').allTextContents();
    const cells = await page
      .getByRole('row', { name: /^reactivate/ })
      .locator('td')
      .allTextContents();
    expect(cells[columns.findIndex((name) => name.startsWith('sps')) - 1]).toMatch(/yes/);
    expect(cells[columns.findIndex((name) => name.startsWith('stn')) - 1]).toMatch(/not offered/);
    await expectAccessible('carriers');

    await page.getByRole('link', { name: 'Sandbox', exact: true }).click();
    await page.getByRole('heading', { name: 'Sandbox', level: 1 }).waitFor();
    // One section per carrier GET /sandbox lists, named as the guide names it: the console names no carrier.
    const guide = (await fetch(`${server.baseUrl}/sandbox`).then((r) => r.json())) as {
      carriers: Array<{ name: string; displayName: string }>;
    };
    expect(guide.carriers.length).toBeGreaterThanOrEqual(2);
    for (const carrier of guide.carriers) {
      await page.getByRole('heading', { name: carrier.displayName, exact: true, level: 2 }).waitFor({ timeout: 5000 });
    }
    // Stock by GET /v1/sim-cards where the carrier has that read (sTN), else the guide's free SIMs (SPS).
    await page.getByRole('table', { name: 'Free SIM cards (first 20)' }).waitFor({ timeout: 5000 });
    await page
      .getByText(/free physical SIMs \(GET \/sandbox; this carrier offers no SIM card read\)/)
      .waitFor({ timeout: 5000 });
    await page.locator('#sps-latencyMs').fill('5');
    await page.getByRole('button', { name: 'Save SPS simulator faults' }).click();
    await expect
      .poll(async () => (await fetch(`${server.baseUrl}/sandbox/sps/_sim/faults`).then((r) => r.json())).latencyMs)
      .toBe(5);
    await expectAccessible('sandbox');
  });

  it('fits a phone: no page-wide sideways scrolling', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    for (const view of ['lines', 'operations', 'webhooks', 'carriers', 'sandbox']) {
      await page.goto(`${server.baseUrl}/console#/${view}`);
      await page.locator('h1').first().waitFor();
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow, view).toBeLessThanOrEqual(0);
    }
    await page.screenshot({ path: `${screenshotDirectory}phone-sandbox.png`, fullPage: true });
    expect(pageErrors).toEqual([]);
  });
});
