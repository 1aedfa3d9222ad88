/**
 * The demo page in Chromium: signing in with another role makes the issuer deliver a signed
 * `user.updated` webhook, and the page lists it under "Webhook events the app received".
 */
import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error the demo is plain JavaScript with no type declarations
import { startDemo } from '../../examples/demo/demo.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const available = existsSync(CHROMIUM);
if (!available && process.env.CI)
  throw new Error(`CI needs Chromium at ${CHROMIUM} (apt-get install chromium)`);
if (!available) console.warn(`[demo page webhooks] skipped: no Chromium at ${CHROMIUM}`);

describe.skipIf(!available)('demo page: the webhook events list (Hono)', () => {
  let demo: { url: string; close(): Promise<void> };
  let browser: Browser;

  beforeAll(async () => {
    demo = await startDemo({ framework: 'hono', port: 0 });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--no-first-run',
        '--disable-background-networking',
      ],
    });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await demo?.close();
  });

  it('shows none, then the user.updated each role change delivered, newest first, also after a reload', async () => {
    const page = await (await browser.newContext()).newPage();
    const idle = () => page.waitForFunction(() => document.body.dataset.busy === '0');
    const list = async () =>
      (await page.getByTestId('webhook-events').locator('li').allTextContents()).map((t) =>
        t.replace(/ at .*$/, ''),
      );
    await page.goto(demo.url);
    await idle();
    expect(await list()).toEqual(['none yet']);
    await page.getByTestId('role').selectOption('org:admin');
    await page.getByTestId('sign-in').click();
    await idle();
    expect(await list()).toEqual(['user.updated user_demo (demoRole: org:admin)']);
    await page.getByTestId('role').selectOption('org:member');
    await page.getByTestId('sign-in').click();
    await idle();
    await page.reload();
    await idle();
    expect(await list()).toEqual([
      'user.updated user_demo (demoRole: org:member)',
      'user.updated user_demo (demoRole: org:admin)',
    ]);
  }, 60_000);
});
