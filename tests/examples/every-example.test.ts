// Every example under examples/ (Express, Connect, Fastify, Hono) against a real local issuer, through
// supertest, with the same rows: signed in and out, roles and permissions, step-up, API keys and M2M
// tokens, webhooks, and a server-rendered page from browser cookies (its handshake when stale).
import { getRequestListener } from '@hono/node-server';
import type { AuthOptions, WebhookOptions } from '@sessionguard/core';
import { createTestIssuer, type TestIssuer } from '@sessionguard/testing';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error the examples are plain JavaScript with no type declarations
import { createApp as connectApp } from '../../examples/connect/app.js';
// @ts-expect-error
import { createApp as expressApp } from '../../examples/express/app.js';
// @ts-expect-error
import { createApp as fastifyApp } from '../../examples/fastify/app.js';
// @ts-expect-error
import { createApp as honoApp } from '../../examples/hono/app.js';

interface AppOptions {
  auth: AuthOptions;
  webhooks: WebhookOptions;
}
type Target = Parameters<typeof request>[0];

/** How a test hands each framework's app to supertest. */
const examples: [string, (options: AppOptions) => Promise<Target>][] = [
  ['express', async (options) => expressApp(options)],
  ['connect', async (options) => connectApp(options)],
  [
    'fastify',
    async (options) => {
      const app = fastifyApp(options);
      await app.ready();
      return app.server;
    },
  ],
  ['hono', async (options) => getRequestListener(honoApp(options).fetch)],
];

const TWO_MINUTES_LATER = () => Date.now() + 120_000;
const page = { accept: 'text/html', 'sec-fetch-dest': 'document' };

describe.each(examples)('examples/%s', (_name, build) => {
  let issuer: TestIssuer;
  let app: Target;
  let later: Target;
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
  const session = (claims: Partial<Parameters<TestIssuer['mintSessionToken']>[0]> = {}) =>
    issuer.mintSessionToken({ userId: 'user_1', ...claims });

  beforeAll(async () => {
    issuer = await createTestIssuer();
    issuer.addUser({ id: 'user_1', first_name: 'Ada' });
    const auth = { secretKey: issuer.secretKey, apiUrl: issuer.url, publishableKey: issuer.publishableKey };
    const webhooks = { signingSecret: issuer.webhookSigningSecret };
    app = await build({ auth, webhooks });
    later = await build({ auth: { ...auth, now: TWO_MINUTES_LATER }, webhooks });
  });
  afterAll(() => issuer.close());

  it('signed in: the user id, and the user from the Backend API', async () => {
    const token = await session();
    await request(app).get('/me').set(bearer(token)).expect(200, { userId: 'user_1' });
    const user = await request(app).get('/me/user').set(bearer(token)).expect(200);
    expect(user.body).toMatchObject({ id: 'user_1', firstName: 'Ada' });
  });

  it('signed out: no token, and a token expired by the app clock, are 401; /health is open', async () => {
    await request(app)
      .get('/me')
      .expect(401)
      .expect('www-authenticate', /^Bearer/);
    await request(later)
      .get('/me')
      .set(bearer(await session()))
      .expect(401)
      .expect('x-clerk-auth-reason', /expired/);
    await request(app).get('/health').expect(200, { ok: true });
  });

  it('roles and permissions: an admin passes, a member is 403, a permission is checked', async () => {
    const admin = await session({ orgId: 'org_1', orgRole: 'org:admin' });
    const member = await session({ orgId: 'org_1', orgRole: 'org:member' });
    const reader = await session({
      orgId: 'org_1',
      orgRole: 'org:member',
      orgPermissions: ['org:reports:read'],
    });
    await request(app).get('/admin').set(bearer(admin)).expect(200, { admin: 'user_1' });
    await request(app).get('/admin').set(bearer(member)).expect(403, { error: 'forbidden' });
    await request(app).get('/reports').set(bearer(reader)).expect(200, { orgId: 'org_1' });
    await request(app).get('/reports').set(bearer(member)).expect(403, { error: 'forbidden' });
  });

  it('step-up: a fresh second factor passes, a 30-minute-old one is the reverification 403', async () => {
    await request(app)
      .post('/settings/password')
      .set(bearer(await session({ fva: [0, 0] })))
      .expect(200, { changed: true });
    const stale = await request(app)
      .post('/settings/password')
      .set(bearer(await session({ fva: [30, 30] })))
      .expect(403);
    expect(stale.body).toMatchObject({
      clerk_error: { reason: 'reverification-error', metadata: { reverification: { afterMinutes: 10 } } },
    });
  });

  it('API keys and M2M tokens: verified on their route, refused when revoked, a session token is 401', async () => {
    const apiKey = issuer.createApiKey({ subject: 'user_1', name: 'ci' });
    const m2m = await issuer.createM2MToken({ machineId: 'mch_1' });
    await request(app)
      .get('/api/usage')
      .set(bearer(apiKey.secret))
      .expect(200, { tokenType: 'api_key', subject: 'user_1' });
    await request(app)
      .get('/api/usage')
      .set(bearer(m2m.token))
      .expect(200, { tokenType: 'm2m_token', subject: 'mch_1' });
    await request(app)
      .get('/api/usage')
      .set(bearer(await session()))
      .expect(401, { error: 'unauthenticated', reason: 'token-type-mismatch' });
    const revoked = issuer.createApiKey({ subject: 'user_1', name: 'revoked' });
    issuer.revokeApiKey(revoked.id);
    await request(app).get('/api/usage').set(bearer(revoked.secret)).expect(401);
    // an API key on a session route costs no Backend API call: 401
    await request(app).get('/me').set(bearer(apiKey.secret)).expect(401);
  });

  it('webhooks: a signed delivery once, then webhook-replayed; a changed body is refused', async () => {
    const { headers, body } = issuer.signWebhook({ type: 'user.created', data: { id: 'user_2' } });
    await request(app).post('/webhooks').set(headers).send(body).expect(200, { received: 'user.created' });
    await request(app)
      .post('/webhooks')
      .set(headers)
      .send(body)
      .expect(400, { error: 'bad_request', reason: 'webhook-replayed' });
    const other = issuer.signWebhook({ type: 'user.deleted', data: { id: 'user_2' } });
    await request(app)
      .post('/webhooks')
      .set(other.headers)
      .send(other.body.replace('user_2', 'user_3'))
      .expect(400, { error: 'bad_request', reason: 'webhook-signature-invalid' });
  });

  it('browser cookies: a fresh __session renders the page; stale, a navigation is a handshake 307 and a fetch a 401', async () => {
    const cookie = issuer.browserCookies({ userId: 'user_1' });
    const rendered = await request(app).get('/account').set(page).set('cookie', cookie).expect(200);
    expect(rendered.text).toBe('<p>Signed in as user_1</p>');
    expect(rendered.headers['content-type']).toMatch(/^text\/html/);

    const handshake = await request(later).get('/account').set(page).set('cookie', cookie).expect(307);
    expect(handshake.headers.location).toMatch(`${issuer.url}/v1/client/handshake?redirect_url=`);
    await request(later).get('/account').set('cookie', cookie).expect(401);

    const newer = cookie.replace(/__client_uat=\d+/, `__client_uat=${Math.floor(Date.now() / 1000) + 30}`);
    await request(app)
      .get('/account')
      .set(page)
      .set('cookie', newer)
      .expect(307)
      .expect('x-clerk-auth-reason', 'session-token-iat-before-client-uat');
  });
});
