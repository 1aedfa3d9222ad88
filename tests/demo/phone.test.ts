// The demo on a 390 px phone in Chromium: nothing widens the page (a long WWW-Authenticate, a token,
// a URL wraps or scrolls inside its own box), the buttons stay readable, and no load of any page it
// serves, a framework's 404 page included, meets a 404 of its own (the icon above all). Screenshots
// go to tests/demo/output/ (git-ignored), to be looked at.
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemo } from '../../examples/demo/demo.js';
import { chromiumAvailable, launchChromium } from './chromium.js';
import { curlBlock, expectDemoAnswers } from './curl.js';

const available = chromiumAvailable('phone test');
const OUTPUT = fileURLToPath(new URL('./output/', import.meta.url));
const WIDTH = 390;

interface Seen {
  url: string;
  status: number;
}

/**
 * Every response the page's loads get, its icon included: the browser fetches the icon itself,
 * which Playwright's own response events leave out, so this listens through the DevTools protocol.
 */
async function watchResponses(page: Page): Promise<Seen[]> {
  const seen: Seen[] = [];
  const cdp = await page.context().newCDPSession(page);
  cdp.on('Network.responseReceived', ({ response }) => {
    seen.push({ url: response.url, status: response.status });
  });
  await cdp.send('Network.enable');
  return seen;
}

const idle = (page: Page) => page.waitForFunction(() => document.body.dataset.busy === '0');

/** The page's width and, for each box named, whether it is inside its container and how it overflows. */
function measure(page: Page, testIds: string[]) {
  return page.evaluate((ids) => {
    const boxes = ids.map((id) => {
      const box = document.querySelector<HTMLElement>(`[data-testid="${id}"]`)!;
      const own = box.getBoundingClientRect();
      const parent = box.parentElement!.getBoundingClientRect();
      return {
        id,
        insideParent: own.left >= parent.left - 0.5 && own.right <= parent.right + 0.5,
        scrollsInside: box.scrollWidth > box.clientWidth,
      };
    });
    const buttons = [...document.querySelectorAll('button')]
      .filter((button) => button.offsetParent !== null)
      .map((button) => {
        const rect = button.getBoundingClientRect();
        return {
          text: button.textContent,
          onScreen: rect.left >= 0 && rect.right <= document.documentElement.clientWidth,
          fontSize: Number.parseFloat(getComputedStyle(button).fontSize),
          height: rect.height,
        };
      });
    return { scrollWidth: document.documentElement.scrollWidth, boxes, buttons };
  }, testIds);
}

describe.skipIf(!available)('demo on a 390 px phone (Express, Chromium)', () => {
  let demo: { url: string; close(): Promise<void> };
  let browser: Browser;

  beforeAll(async () => {
    mkdirSync(OUTPUT, { recursive: true });
    demo = await startDemo({ framework: 'express', port: 0 });
    browser = await launchChromium();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await demo?.close();
  });

  async function phone(on = browser): Promise<{ page: Page; seen: Seen[] }> {
    const context = await on.newContext({
      viewport: { width: WIDTH, height: 844 },
      isMobile: true,
      hasTouch: true,
    });
    const page = await context.newPage();
    return { page, seen: await watchResponses(page) };
  }

  it('wraps long headers and tokens inside their boxes, never widens the page, and keeps buttons readable', async () => {
    const { page } = await phone();
    try {
      await page.goto(demo.url);
      await idle(page);
      await page.getByTestId('fva').selectOption('stale');
      const back = page.waitForEvent('load');
      await page.getByTestId('sign-in').click();
      await back;
      await idle(page);

      // The step-up 403: the longest header the page shows, one WWW-Authenticate line.
      await page.getByTestId('password').click();
      await idle(page);
      const headers = (await page.getByTestId('headers').textContent()) ?? '';
      expect(headers).toMatch(/^www-authenticate: Bearer error="insufficient_user_authentication", .{40,}/);
      expect(headers.length).toBeGreaterThan(100);

      const layout = await measure(page, ['headers', 'output', 'curl']);
      expect(layout.scrollWidth).toBeLessThanOrEqual(WIDTH);
      // Headers and bodies wrap; the curl lines keep a token on one line and scroll inside their box.
      expect(layout.boxes).toEqual([
        { id: 'headers', insideParent: true, scrollsInside: false },
        { id: 'output', insideParent: true, scrollsInside: false },
        { id: 'curl', insideParent: true, scrollsInside: true },
      ]);
      expect(layout.buttons.length).toBeGreaterThanOrEqual(7);
      for (const button of layout.buttons) {
        expect(button, String(button.text)).toMatchObject({ onScreen: true });
        expect(button.fontSize, String(button.text)).toBeGreaterThanOrEqual(14);
        expect(button.height, String(button.text)).toBeGreaterThanOrEqual(32);
      }
      await page.screenshot({ path: `${OUTPUT}demo-${WIDTH}.png`, fullPage: true });

      // The page's curl lines, as shown and as its button copies them, run through bash.
      const shown = (await page.getByTestId('curl').textContent()) ?? '';
      await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: demo.url });
      await page.getByTestId('copy-curl').click();
      await expect.poll(() => page.getByTestId('copied').textContent()).toBe('copied');
      expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(`${shown}\n`);
      await expectDemoAnswers(curlBlock(shown));

      // The Backend API user: long ids and URLs in the body wrap too.
      await page.getByTestId('me-user').click();
      await idle(page);
      expect(await page.getByTestId('status').textContent()).toBe('GET /api/me/user → 200');
      expect((await measure(page, ['output'])).boxes[0]).toEqual({
        id: 'output',
        insideParent: true,
        scrollsInside: false,
      });

      await page.goto(`${demo.url}/account`);
      expect(await page.getByTestId('account-who').textContent()).toBe('Signed in as user_demo.');
      expect((await measure(page, [])).scrollWidth).toBeLessThanOrEqual(WIDTH);
      await page.screenshot({ path: `${OUTPUT}account-${WIDTH}.png`, fullPage: true });
    } finally {
      await page.context().close();
    }
  });

  it('meets no 404 on a 404 page, the page and /account: the icon is there on each (Hono)', async () => {
    // Hono's 404 page is plain text that lets the browser ask for /favicon.ico; Express's and
    // Connect's forbid every fetch (Content-Security-Policy: default-src 'none'), so never ask.
    // A browser of its own: Chromium asks an origin for its icon once per browser, not per context.
    const hono = await startDemo({ framework: 'hono', port: 0 });
    const fresh = await launchChromium();
    try {
      const { page, seen } = await phone(fresh);
      const icon = (path: string) => seen.find((r) => r.url === `${hono.url}${path}`);
      const missing = await page.goto(`${hono.url}/no-such-page`);
      expect(missing?.status()).toBe(404);
      await expect.poll(() => icon('/favicon.ico')?.status, { timeout: 5000 }).toBe(200);

      // The demo's pages name theirs.
      await page.goto(hono.url);
      await idle(page);
      await expect.poll(() => icon('/favicon.svg')?.status, { timeout: 5000 }).toBe(200);
      await page.goto(`${hono.url}/account`);
      await page.getByTestId('account-who').waitFor();

      const notFound = seen.filter((r) => r.status === 404 && r.url !== `${hono.url}/no-such-page`);
      expect(notFound).toEqual([]);
      expect(seen.filter((r) => r.status >= 500)).toEqual([]);
    } finally {
      await fresh.close();
      await hono.close();
    }
  });
});
