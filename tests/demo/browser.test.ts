import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Demo, startDemo } from '../../examples/demo/demo.js';
import { chromiumAvailable, launchChromium } from './chromium.js';

const available = chromiumAvailable('browser test');

/** Resolves once the page's start-up call or the action it runs is done. */
const idleOn = (page: Page) => page.waitForFunction(() => document.body.dataset.busy === '0');

/**
 * Signs in as Clerk's front end does: the page leaves for the issuer's sign-in, which sends the
 * browser through its /v1/client/handshake back to the page with the cookies set.
 */
async function signInThroughIssuer(page: Page, fva: 'now' | 'stale', role: 'org:member' | 'org:admin') {
  await page.getByTestId('fva').selectOption(fva);
  await page.getByTestId('role').selectOption(role);
  const back = page.waitForEvent('load');
  await page.getByTestId('sign-in').click();
  await back;
  await idleOn(page);
}

/** The browser's cookies on the demo's origin, by name. */
async function cookiesOf(page: Page, url: string): Promise<Map<string, string>> {
  return new Map((await page.context().cookies(url)).map((cookie) => [cookie.name, cookie.value]));
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

  const idle = () => idleOn(page);

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
    await signInThroughIssuer(page, fva, role);
  }

  it('walks the whole story: 401, sign in, step-up, roles, sign out', async () => {
    // Signed out: the API answers 401 with the reason.
    let result = await press('me');
    expect(result.status).toBe('GET /api/me → 401');
    // The first visit went through the handshake for a dev browser: no session, __client_uat=0.
    expect(JSON.parse(result.output)).toEqual({
      error: 'unauthenticated',
      reason: 'session-token-and-uat-missing',
    });

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

  it('renders /account on the server: signed out, then the signed-in user with no handshake needed', async () => {
    await page.goto(`${demo.url}/account`);
    expect(await page.getByTestId('account-who').textContent()).toBe(
      'Signed out (session-token-and-uat-missing).',
    );
    await page.goto(demo.url);
    await idle();
    await signIn('stale', 'org:admin');
    // The first visit's handshake left its 2 s __clerk_redirect_count cookie: let it go first.
    await expect
      .poll(async () => (await cookiesOf(page, demo.url)).has('__clerk_redirect_count'), { timeout: 5000 })
      .toBe(false);
    await page.getByTestId('account-link').click();
    await page.waitForURL(`${demo.url}/account`);
    expect(await page.getByTestId('account-who').textContent()).toBe('Signed in as user_demo.');
    expect(await page.locator('dd').allTextContents()).toEqual([
      expect.stringMatching(/^sess_/),
      'org:admin',
      '30',
      expect.stringMatching(/^\d+ s$/),
    ]);
    expect(await page.getByTestId('account-handshake').textContent()).toMatch(
      /^No handshake on the way here/,
    );
  });

  it('shows the auth headers of each answer beside its body', async () => {
    let result = await press('me');
    expect(result.headers.split('\n')).toEqual([
      'www-authenticate: Bearer',
      'x-clerk-auth-reason: session-token-and-uat-missing',
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

describe.skipIf(!available)(
  'demo in a real browser: Clerk sign-in, /account and the handshake (Express, 2 s sessions)',
  () => {
    const LIFETIME_MS = 2000;
    let demo: Demo;
    let browser: Browser;
    let page: Page;
    /** The demo's own 307s (its handshake redirects and resolutions), with their auth headers. */
    let redirects: { url: string; status: string | undefined; reason: string | undefined }[];

    beforeAll(async () => {
      demo = await startDemo({ framework: 'express', port: 0, sessionLifetimeInSeconds: LIFETIME_MS / 1000 });
      browser = await launchChromium();
    }, 60_000);

    afterAll(async () => {
      await browser?.close();
      await demo?.close();
    });

    beforeEach(async () => {
      page = await (await browser.newContext()).newPage();
      redirects = [];
      page.on('response', (response) => {
        if (response.status() !== 307 || !response.url().startsWith(demo.url)) return;
        const headers = response.headers();
        redirects.push({
          url: response.url(),
          status: headers['x-clerk-auth-status'],
          reason: headers['x-clerk-auth-reason'],
        });
      });
    });

    afterEach(async () => {
      await page?.context().close();
    });

    const text = async (testId: string) => (await page.getByTestId(testId).textContent()) ?? '';
    const expire = () => new Promise((resolve) => setTimeout(resolve, LIFETIME_MS + 500));

    it('a first visit gets a dev browser through the handshake; sign-in sets __session, __client_uat and __clerk_db_jwt; the API answers', async () => {
      const before = demo.issuer.stats.handshakes;
      await page.goto(demo.url);
      await idleOn(page);
      expect(demo.issuer.stats.handshakes).toBe(before + 1);
      // The handshake redirect, then the resolution: a new dev browser, signed out (SPEC §12.5).
      expect(redirects.map((r) => r.reason)).toEqual(['dev-browser-missing', 'session-token-missing']);
      let cookies = await cookiesOf(page, demo.url);
      expect(cookies.get('__clerk_db_jwt')).toMatch(/./);
      expect(cookies.get('__client_uat')).toBe('0');
      expect(cookies.has('__session')).toBe(false);
      const devBrowser = cookies.get('__clerk_db_jwt');

      await signInThroughIssuer(page, 'now', 'org:member');
      expect(await text('who')).toBe('signed in as user_demo (org:member)');
      cookies = await cookiesOf(page, demo.url);
      expect(cookies.get('__session')).toMatch(/^ey/);
      expect(Number(cookies.get('__client_uat'))).toBeGreaterThan(0);
      // The Frontend API signed in the dev browser the page already had.
      expect(cookies.get('__clerk_db_jwt')).toBe(devBrowser);

      await page.getByTestId('me').click();
      await idleOn(page);
      expect(await text('status')).toBe('GET /api/me → 200');
      expect(JSON.parse(await text('output'))).toMatchObject({ userId: 'user_demo', orgRole: 'org:member' });
    });

    it('/account: signed in; after the session expires, exactly one handshake and still signed in; signed out at the issuer, signed out here', async () => {
      await page.goto(demo.url);
      await idleOn(page);
      await signInThroughIssuer(page, 'now', 'org:member');
      expect(await text('who')).toBe('signed in as user_demo (org:member)');

      await expire();
      redirects = [];
      const before = demo.issuer.stats.handshakes;
      await page.goto(`${demo.url}/account`);
      expect(page.url()).toBe(`${demo.url}/account`);
      expect(await text('account-who')).toBe('Signed in as user_demo.');
      expect(await text('account-handshake')).toMatch(/^Arrived through a handshake/);
      expect(demo.issuer.stats.handshakes).toBe(before + 1);
      // The app's handshake redirect with Clerk's reason, then its resolution: no loop.
      expect(redirects).toEqual([
        {
          url: `${demo.url}/account`,
          status: 'handshake',
          reason: 'session-token-expired-refresh-non-eligible-no-refresh-cookie',
        },
        expect.objectContaining({ url: expect.stringContaining(`${demo.url}/account?__clerk_handshake=`) }),
      ]);

      // Back on the page the API still answers: its front end keeps the new cookie fresh.
      await page.goto(demo.url);
      await idleOn(page);
      expect(await text('who')).toBe('signed in as user_demo (org:member)');
      await page.getByTestId('me').click();
      await idleOn(page);
      expect(await text('status')).toBe('GET /api/me → 200');

      // Signed out at the issuer (another tab, say): the next handshake clears the app's cookies.
      demo.issuer.signOut('user_demo');
      await expire();
      await page.goto(`${demo.url}/account`);
      expect(await text('account-who')).toMatch(/^Signed out/);
      expect(await text('account-handshake')).toMatch(/^Arrived through a handshake/);
      const cookies = await cookiesOf(page, demo.url);
      expect(cookies.get('__client_uat')).toBe('0');
      expect(cookies.has('__session')).toBe(false);
    });
  },
);
