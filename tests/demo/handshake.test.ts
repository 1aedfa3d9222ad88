import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Demo, startDemo } from '../../examples/demo/demo.js';

const LIFETIME_MS = 2000;
const NAVIGATION = { accept: 'text/html', 'sec-fetch-dest': 'document' };

/** What a browser keeps: host → name → value and expiry. */
class CookieJar {
  private readonly hosts = new Map<string, Map<string, { value: string; expiresAt: number }>>();

  header(url: string): string {
    const cookies = this.hosts.get(new URL(url).hostname) ?? new Map();
    return [...cookies]
      .filter(([, cookie]) => cookie.expiresAt > Date.now())
      .map(([name, cookie]) => `${name}=${cookie.value}`)
      .join('; ');
  }

  get(url: string, name: string): string | undefined {
    const cookie = this.hosts.get(new URL(url).hostname)?.get(name);
    return cookie && cookie.expiresAt > Date.now() ? cookie.value : undefined;
  }

  store(url: string, response: Response): void {
    const host = new URL(url).hostname;
    const cookies = this.hosts.get(host) ?? new Map();
    this.hosts.set(host, cookies);
    for (const line of response.headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(';').map((part) => part.trim());
      const at = pair.indexOf('=');
      const maxAge = attributes.find((a) => /^max-age=/i.test(a));
      const expired = attributes.some((a) => /^expires=.*1970/i.test(a));
      const seconds = maxAge ? Number(maxAge.split('=')[1]) : Number.POSITIVE_INFINITY;
      const expiresAt = expired ? 0 : Date.now() + seconds * 1000;
      cookies.set(pair.slice(0, at), { value: pair.slice(at + 1), expiresAt });
    }
  }
}

interface Hop {
  url: string;
  status: number;
  reason: string | null;
}

/** Opens `url` as a navigation and follows its redirects; returns the hops and the last answer. */
async function navigate(jar: CookieJar, url: string): Promise<{ hops: Hop[]; response: Response }> {
  const hops: Hop[] = [];
  let next = url;
  for (let i = 0; i < 10; i++) {
    const response = await fetch(next, {
      headers: { ...NAVIGATION, cookie: jar.header(next) },
      redirect: 'manual',
    });
    jar.store(next, response);
    hops.push({ url: next, status: response.status, reason: response.headers.get('x-clerk-auth-reason') });
    const location = response.headers.get('location');
    if (response.status !== 307 || location === null) return { hops, response };
    await response.body?.cancel();
    next = new URL(location, next).href;
  }
  throw new Error(`more than 10 redirects from ${url}`);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.each([
  ['express', 'development'],
  ['connect', 'development'],
  ['fastify', 'development'],
  ['hono', 'development'],
  ['express', 'production'],
  ['hono', 'production'],
])('demo on %s (%s instance): the Clerk sign-in and the handshake', (framework, instance) => {
  let demo: Demo;
  const jar = new CookieJar();

  beforeAll(async () => {
    demo = await startDemo({ framework, port: 0, instance, sessionLifetimeInSeconds: LIFETIME_MS / 1000 });
  });
  afterAll(() => demo?.close());

  const api = (path: string, method = 'GET') =>
    fetch(`${demo.url}${path}`, {
      method,
      headers: { accept: 'application/json', cookie: jar.header(demo.url) },
    });

  it('signs in through the issuer, answers the API, and lives through exactly one handshake on /account', async () => {
    // No cookies at all: a fetch is signed out, never redirected, with RFC 6750's bare challenge.
    const bare = await fetch(`${demo.url}/api/me`);
    expect(bare.status).toBe(401);
    expect(bare.headers.get('x-clerk-auth-reason')).toBe(
      instance === 'development' ? 'dev-browser-missing' : 'session-token-and-uat-missing',
    );
    expect(bare.headers.get('www-authenticate')).toBe('Bearer');

    // The first visit: a development instance goes through the handshake for a dev browser.
    const first = await navigate(jar, `${demo.url}/`);
    expect(first.response.status).toBe(200);
    expect(jar.get(demo.url, '__client_uat') ?? '0').toBe('0');
    if (instance === 'development') expect(jar.get(demo.url, '__clerk_db_jwt')).toMatch(/./);

    const signIn = await fetch(`${demo.url}/demo/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: jar.header(demo.url) },
      body: JSON.stringify({ role: 'org:admin', fva: 'now' }),
    });
    const { signInUrl } = (await signIn.json()) as { signInUrl: string };
    const landed = await navigate(jar, signInUrl);
    expect(landed.response.status).toBe(200);
    expect(landed.hops.at(-1)?.url).toBe(`${demo.url}/`);
    expect(jar.get(demo.url, '__session')).toMatch(/^ey/);
    expect(Number(jar.get(demo.url, '__client_uat'))).toBeGreaterThan(0);

    // The page's stand-in for Clerk's front end adds the organization; the API answers.
    const token = await api('/demo/token', 'POST');
    expect(token.status).toBe(200);
    jar.store(demo.url, token);
    const admin = await api('/api/admin');
    expect(admin.status).toBe(200);
    expect(await admin.json()).toEqual({ ok: true, orgId: 'org_demo' });

    // Expired: an API call is signed out with Clerk's reason, never redirected.
    await sleep(LIFETIME_MS + 500);
    const expired = await api('/api/me');
    expect(expired.status).toBe(401);
    expect(expired.headers.get('x-clerk-auth-reason')).toBe(
      'session-token-expired-refresh-non-eligible-no-refresh-cookie',
    );
    expect(expired.headers.get('www-authenticate')).toMatch(/^Bearer error="invalid_token"/);

    // A navigation goes through the handshake once and renders signed in.
    const before = demo.issuer.stats.handshakes;
    const account = await navigate(jar, `${demo.url}/account`);
    expect(demo.issuer.stats.handshakes).toBe(before + 1);
    expect(account.hops[0]).toEqual({
      url: `${demo.url}/account`,
      status: 307,
      reason: 'session-token-expired-refresh-non-eligible-no-refresh-cookie',
    });
    expect(account.hops.at(-1)).toMatchObject({ url: `${demo.url}/account`, status: 200 });
    // Development: the app, the Frontend API, the app's resolution; production resolves in place.
    expect(account.hops).toHaveLength(instance === 'development' ? 4 : 3);
    const html = await account.response.text();
    expect(html).toContain('Signed in as <strong>user_demo</strong>.');
    expect(html).toContain('Arrived through a handshake');
    expect(account.response.headers.get('cache-control')).toContain('no-store');

    // Signed out at the issuer: the next handshake clears the session and sets __client_uat=0.
    demo.issuer.signOut('user_demo');
    await sleep(LIFETIME_MS + 500);
    const out = await navigate(jar, `${demo.url}/account`);
    expect(await out.response.text()).toContain('Signed out (');
    expect(jar.get(demo.url, '__client_uat')).toBe('0');
    expect(jar.get(demo.url, '__session') ?? '').toBe('');
  });
});
