import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
// @ts-expect-error the demo is plain JavaScript with no type declarations
import { startDemo } from '../../examples/demo/demo.js';
import { chromiumAvailable, launchChromium } from './chromium.js';

const available = chromiumAvailable('browser test');

interface Demo {
  url: string;
  close(): Promise<void>;
}

interface Answer {
  status: string;
  output: string;
  headers: string;
}

describe.skipIf(!available)('demo in a real browser (Express)', () => {
  let demo: Demo;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    demo = await startDemo({ framework: 'express', port: 0 });
    browser = await launchChromium();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await demo?.close();
  });

  /** A new browser context (no cookies yet) on the demo page, once its start-up call is done. */
  beforeEach(async () => {
    page = await (await browser.newContext()).newPage();
    await page.goto(demo.url);
    await idle();
  });

  afterEach(async () => {
    await page?.context().close();
  });

  const idle = () => page.waitForFunction(() => document.body.dataset.busy === '0');

  async function press(testId: string): Promise<Answer> {
    await page.getByTestId(testId).click();
    await idle();
    return {
      status: (await page.getByTestId('status').textContent()) ?? '',
      output: (await page.getByTestId('output').textContent()) ?? '',
      headers: (await page.getByTestId('headers').textContent()) ?? '',
    };
  }

  async function signIn(fva: 'now' | 'stale', role: 'org:member' | 'org:admin') {
    await page.getByTestId('fva').selectOption(fva);
    await page.getByTestId('role').selectOption(role);
    await press('sign-in');
  }

  it('walks the whole story: 401, sign in, step-up, roles, sign out', async () => {
    // Signed out: the API answers 401 with the reason.
    let result = await press('me');
    expect(result.status).toBe('GET /api/me → 401');
    expect(JSON.parse(result.output)).toEqual({ error: 'unauthenticated', reason: 'session-token-missing' });

    // Sign in with a second factor 30 minutes old, as a member.
    await signIn('stale', 'org:member');
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
    await signIn('now', 'org:admin');
    result = await press('admin');
    expect(result.status).toBe('GET /api/admin → 200');
    expect(JSON.parse(result.output)).toEqual({ ok: true, orgId: 'org_demo' });

    // Sign out: back to 401.
    await press('sign-out');
    result = await press('me');
    expect(result.status).toBe('GET /api/me → 401');
  });

  it('shows the signed-in user and their menus after a reload, and "signed out" without a session', async () => {
    expect(await page.getByTestId('who').textContent()).toBe('signed out');
    await signIn('stale', 'org:admin');
    await page.reload();
    await idle();
    expect(await page.getByTestId('who').textContent()).toBe('signed in as user_demo (org:admin)');
    expect(await page.getByTestId('role').inputValue()).toBe('org:admin');
    expect(await page.getByTestId('fva').inputValue()).toBe('stale');

    await press('sign-out');
    await page.reload();
    await idle();
    expect(await page.getByTestId('who').textContent()).toBe('signed out');
  });

  it('has a GET /api/me/user button: 401 signed out, the Backend API user signed in', async () => {
    let result = await press('me-user');
    expect(result.status).toBe('GET /api/me/user → 401');
    await signIn('now', 'org:member');
    result = await press('me-user');
    expect(result.status).toBe('GET /api/me/user → 200');
    expect(JSON.parse(result.output)).toMatchObject({
      id: 'user_demo',
      firstName: 'Ada',
      lastName: 'Lovelace',
    });
  });

  it('resets the step-up menu to "just now" after re-verifying', async () => {
    await signIn('stale', 'org:member');
    expect(await page.getByTestId('fva').inputValue()).toBe('stale');
    expect((await press('password')).status).toBe('POST /api/settings/password → 403');
    expect((await press('verify-again')).status).toBe('POST /api/settings/password → 200');
    expect(await page.getByTestId('fva').inputValue()).toBe('now');
    await expect(page.getByTestId('verify-again').isVisible()).resolves.toBe(false);
    // The menu tells the truth: the session it shows passes step-up.
    await page.reload();
    await idle();
    expect(await page.getByTestId('fva').inputValue()).toBe('now');
  });

  it('shows the auth headers of each answer beside its body', async () => {
    let result = await press('me');
    expect(result.headers.split('\n')).toEqual([
      'www-authenticate: Bearer',
      'x-clerk-auth-reason: session-token-missing',
      'x-clerk-auth-status: signed-out',
    ]);

    await signIn('stale', 'org:member');
    result = await press('password');
    expect(result.headers).toBe(
      'www-authenticate: Bearer error="insufficient_user_authentication", ' +
        'error_description="reverification required", max_age="600"',
    );
    result = await press('admin');
    expect(result.headers).toBe('www-authenticate: Bearer error="insufficient_scope"');
    result = await press('me');
    expect(result.status).toBe('GET /api/me → 200');
    expect(result.headers).toBe('(none)');
  });
});
