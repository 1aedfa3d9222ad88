// The README's "Testing your app", as a user writes it: supertest against the Express example's app
// (examples/express/app.js, built without listening), pointed at a real local issuer. Every snippet
// of that section is in this file word for word: tests/examples/readme-guide.test.ts checks it.
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { createTestIssuer, type TestIssuer } from '@sessionguard/testing';
import type { Express } from 'express';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error the example is plain JavaScript with no type declarations
import { createApp } from '../../examples/express/app.js';

let issuer: TestIssuer;
let auth: { secretKey: string; apiUrl: string; publishableKey: string };
let app: Express;

beforeAll(async () => {
  issuer = await createTestIssuer(); // keys, JWKS and a small Backend API on 127.0.0.1
  issuer.addUser({ id: 'user_1', first_name: 'Ada' });
  auth = { secretKey: issuer.secretKey, apiUrl: issuer.url, publishableKey: issuer.publishableKey };
  app = createApp({ auth, webhooks: { signingSecret: issuer.webhookSigningSecret } });
});
afterAll(() => issuer.close());

describe('signed in, signed out', () => {
  it('answers a signed-in user', async () => {
    const token = await issuer.mintSessionToken({ userId: 'user_1' });
    await request(app).get('/me').auth(token, { type: 'bearer' }).expect(200, { userId: 'user_1' });

    const user = await request(app).get('/me/user').auth(token, { type: 'bearer' }).expect(200);
    expect(user.body).toMatchObject({ id: 'user_1', firstName: 'Ada' }); // from the issuer's /v1/users
  });

  it('refuses a request without a token, and an expired one', async () => {
    await request(app)
      .get('/me')
      .expect(401)
      .expect('www-authenticate', /^Bearer/);

    const token = await issuer.mintSessionToken({ userId: 'user_1', expiresInSeconds: 60 });
    const twoMinutesLater = createApp({ auth: { ...auth, now: () => Date.now() + 120_000 } });
    await request(twoMinutesLater)
      .get('/me')
      .auth(token, { type: 'bearer' })
      .expect(401)
      .expect('x-clerk-auth-reason', /expired/);
  });
});

describe('roles and permissions', () => {
  it('lets an admin in and keeps a member out', async () => {
    const admin = await issuer.mintSessionToken({ userId: 'user_1', orgId: 'org_1', orgRole: 'org:admin' });
    const member = await issuer.mintSessionToken({ userId: 'user_1', orgId: 'org_1', orgRole: 'org:member' });
    await request(app).get('/admin').auth(admin, { type: 'bearer' }).expect(200, { admin: 'user_1' });
    await request(app).get('/admin').auth(member, { type: 'bearer' }).expect(403, { error: 'forbidden' });
  });

  it('checks a permission', async () => {
    const reader = await issuer.mintSessionToken({
      userId: 'user_1',
      orgId: 'org_1',
      orgRole: 'org:member',
      orgPermissions: ['org:reports:read'],
    });
    await request(app).get('/reports').auth(reader, { type: 'bearer' }).expect(200, { orgId: 'org_1' });
  });
});

describe('step-up (reverification)', () => {
  it('needs a second factor verified in the last 10 minutes', async () => {
    // fva: minutes since the [first, second] factor was verified, at the token's iat
    const fresh = await issuer.mintSessionToken({ userId: 'user_1', fva: [0, 0] });
    const stale = await issuer.mintSessionToken({ userId: 'user_1', fva: [30, 30] });
    await request(app).post('/settings/password').auth(fresh, { type: 'bearer' }).expect(200);

    const res = await request(app).post('/settings/password').auth(stale, { type: 'bearer' }).expect(403);
    expect(res.body.clerk_error).toMatchObject({ reason: 'reverification-error' });
  });
});

describe('API keys and M2M tokens', () => {
  it('verifies them with the Backend API on the routes that take them', async () => {
    const apiKey = issuer.createApiKey({ subject: 'user_1', name: 'ci' });
    const m2m = await issuer.createM2MToken({ machineId: 'mch_1' });
    await request(app)
      .get('/api/usage')
      .auth(apiKey.secret, { type: 'bearer' })
      .expect(200, { tokenType: 'api_key', subject: 'user_1' });
    await request(app)
      .get('/api/usage')
      .auth(m2m.token, { type: 'bearer' })
      .expect(200, { tokenType: 'm2m_token', subject: 'mch_1' });

    const session = await issuer.mintSessionToken({ userId: 'user_1' });
    await request(app)
      .get('/api/usage')
      .auth(session, { type: 'bearer' })
      .expect(401, { error: 'unauthenticated', reason: 'token-type-mismatch' });
  });

  it('refuses a revoked key', async () => {
    const apiKey = issuer.createApiKey({ subject: 'user_1', name: 'revoked' });
    issuer.revokeApiKey(apiKey.id);
    await request(app).get('/api/usage').auth(apiKey.secret, { type: 'bearer' }).expect(401);
  });
});

describe('webhooks', () => {
  it('accepts a signed delivery, once', async () => {
    const { headers, body } = issuer.signWebhook({ type: 'user.created', data: { id: 'user_2' } });
    await request(app).post('/webhooks').set(headers).send(body).expect(200, { received: 'user.created' });
    await request(app)
      .post('/webhooks')
      .set(headers)
      .send(body)
      .expect(400, { error: 'bad_request', reason: 'webhook-replayed' });
  });

  it('refuses a body that is not what was signed', async () => {
    const { headers, body } = issuer.signWebhook({ type: 'user.deleted', data: { id: 'user_2' } });
    await request(app)
      .post('/webhooks')
      .set(headers)
      .send(body.replace('user_2', 'user_3'))
      .expect(400, { error: 'bad_request', reason: 'webhook-signature-invalid' });
  });

  it('takes a real delivery over HTTP', async () => {
    const server = app.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const { port } = server.address() as AddressInfo;
    try {
      const res = await issuer.sendWebhook(`http://127.0.0.1:${port}/webhooks`, {
        type: 'session.created',
        data: { id: 'sess_1' },
      });
      expect(res.status).toBe(200);
    } finally {
      server.close();
    }
  });
});

describe('server-rendered pages: browser cookies', () => {
  const page = { accept: 'text/html', 'sec-fetch-dest': 'document' }; // a browser navigation

  it('signs a page in from __session and __client_uat', async () => {
    const cookie = issuer.browserCookies({ userId: 'user_1' });
    await request(app)
      .get('/account')
      .set(page)
      .set('cookie', cookie)
      .expect(200, '<p>Signed in as user_1</p>');
  });

  it('sends a stale cookie through the handshake', async () => {
    const cookie = issuer.browserCookies({ userId: 'user_1' }); // __session lives 60 s
    const twoMinutesLater = createApp({ auth: { ...auth, now: () => Date.now() + 120_000 } });
    const res = await request(twoMinutesLater).get('/account').set(page).set('cookie', cookie).expect(307);
    expect(res.headers.location).toMatch(`${issuer.url}/v1/client/handshake?redirect_url=`);

    // a fetch is never redirected: it is signed out
    await request(twoMinutesLater).get('/account').set('cookie', cookie).expect(401);
  });

  it('sends a session older than __client_uat through the handshake', async () => {
    // signed in again since this __session was minted (another tab): the two cookies disagree
    const cookie = issuer.browserCookies({ userId: 'user_1' });
    const newer = cookie.replace(/__client_uat=\d+/, `__client_uat=${Math.floor(Date.now() / 1000) + 30}`);
    await request(app)
      .get('/account')
      .set(page)
      .set('cookie', newer)
      .expect(307)
      .expect('x-clerk-auth-reason', 'session-token-iat-before-client-uat');
  });
});
