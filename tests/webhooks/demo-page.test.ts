/**
 * The demo page in Chromium: signing in with another role makes the issuer deliver a signed
 * `user.updated` webhook, and the page lists it under "Webhook events the app received".
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemo } from '../../examples/demo/demo.js';
import { chromiumAvailable, launchChromium } from '../demo/chromium.js';

const available = chromiumAvailable('demo page webhooks');

describe.skipIf(!available)('demo page: the webhook events list (Hono)', () => {
  let demo: { url: string; close(): Promise<void> };
  let browser: Browser;

  beforeAll(async () => {
    demo = await startDemo({ framework: 'hono', port: 0 });
    browser = await launchChromium();
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
