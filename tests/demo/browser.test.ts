import { existsSync } from 'node:fs';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error the demo is plain JavaScript with no type declarations
import { startDemo } from '../../examples/demo/demo.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const available = existsSync(CHROMIUM);
if (!available && process.env.CI)
  throw new Error(`CI needs Chromium at ${CHROMIUM} (apt-get install chromium)`);
if (!available)
  console.warn(
    `[browser test] skipped: no Chromium at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH)`,
  );

interface Demo {
  url: string;
  close(): Promise<void>;
}

describe.skipIf(!available)('demo in a real browser (Express)', () => {
  let demo: Demo;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    demo = await startDemo({ framework: 'express', port: 0 });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    page = await browser.newPage();
    await page.goto(demo.url);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await demo?.close();
  });

  async function press(testId: string): Promise<{ status: string; output: string }> {
    await page.getByTestId(testId).click();
    await page.waitForFunction(() => document.body.dataset.busy === '0');
    return {
      status: (await page.getByTestId('status').textContent()) ?? '',
      output: (await page.getByTestId('output').textContent()) ?? '',
    };
  }

  it('walks the whole story: 401, sign in, step-up, roles, sign out', async () => {
    // Signed out: the API answers 401 with the reason.
    let result = await press('me');
    expect(result.status).toBe('GET /api/me → 401');
    expect(JSON.parse(result.output)).toEqual({ error: 'unauthenticated', reason: 'session-token-missing' });

    // Sign in with a second factor 30 minutes old, as a member.
    await page.getByTestId('fva').selectOption('stale');
    await page.getByTestId('role').selectOption('org:member');
    await press('sign-in');
    expect(await page.getByTestId('who').textContent()).toBe('signed in as user_demo (org:member)');
    result = await press('me');
    expect(result.status).toBe('GET /api/me → 200');
    expect(JSON.parse(result.output)).toMatchObject({
      userId: 'user_demo',
      orgRole: 'org:member',
      factorVerificationAge: [30, 30],
    });

    // Step-up: 403 reverification, verify again, the retry passes.
    result = await press('password');
    expect(result.status).toBe('POST /api/settings/password → 403');
    expect(JSON.parse(result.output).clerk_error).toMatchObject({
      reason: 'reverification-error',
      metadata: { reverification: { level: 'second_factor', afterMinutes: 10 } },
    });
    await expect(page.getByTestId('verify-again').isVisible()).resolves.toBe(true);
    result = await press('verify-again');
    expect(result.status).toBe('POST /api/settings/password → 200');
    expect(JSON.parse(result.output)).toEqual({ ok: true });

    // Admin: a member is forbidden, an admin passes.
    result = await press('admin');
    expect(result.status).toBe('GET /api/admin → 403');
    expect(JSON.parse(result.output)).toEqual({ error: 'forbidden' });
    await page.getByTestId('role').selectOption('org:admin');
    await page.getByTestId('fva').selectOption('now');
    await press('sign-in');
    result = await press('admin');
    expect(result.status).toBe('GET /api/admin → 200');
    expect(JSON.parse(result.output)).toEqual({ ok: true, orgId: 'org_demo' });

    // Sign out: back to 401.
    await press('sign-out');
    result = await press('me');
    expect(result.status).toBe('GET /api/me → 401');
  });
});
