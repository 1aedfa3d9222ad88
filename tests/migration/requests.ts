// The requests both variants of an app receive: each built once and sent to both processes (each
// has its own replay cache), from one issuer, so both SDKs see the same user, keys and tokens.
import type { TestIssuer } from '@sessionguard/testing';
import type { AppName, Framework } from './apps.js';

export const USER = 'user_migration';
export const ORG = 'org_migration';
export const ORG_SLUG = 'migration-co';

/** A delivery as Clerk sends it (Svix signs the JSON; Clerk adds `timestamp` and `instance_id`). */
export const WEBHOOK_EVENT = {
  type: 'user.created',
  object: 'event',
  data: { id: USER, object: 'user', first_name: 'Ada' },
  timestamp: 1_765_000_000_000,
  instance_id: 'ins_migration',
};

/** The one value that changes from run to run, written so in the table. */
export const API_KEY_ID = '$API_KEY_ID';
/** Stands for the trace id of a Backend API answer (a new one each time) in the table. */
export const TRACE_ID = '$TRACE_ID';

export interface Sent {
  method: 'GET' | 'POST';
  headers: Record<string, string>;
  body?: string;
}

export interface Probe {
  /** `GET /me · bearer`: the route and what the request carries. */
  name: string;
  path: string;
  build(): Promise<Sent> | Sent;
}

interface Credential {
  name: string;
  build(): Promise<Record<string, string>> | Record<string, string>;
}

const now = (): number => Math.floor(Date.now() / 1000);
const get = (headers: Record<string, string>): Sent => ({ method: 'GET', headers });

/** The issuer's fixtures the probes use: the user, an organization, an API key. */
export function seed(issuer: TestIssuer): { apiKey: string; apiKeyId: string } {
  issuer.addUser({ id: USER, first_name: 'Ada', last_name: 'Lovelace' });
  issuer.addOrganization({ id: ORG, name: 'Migration Co', slug: ORG_SLUG });
  const { id, secret } = issuer.createApiKey({ subject: USER, name: 'ci', scopes: ['read'] });
  return { apiKey: secret, apiKeyId: id };
}

function credentials(issuer: TestIssuer, apiKey: string): Credential[] {
  const bearer = (token: string) => ({ authorization: `Bearer ${token}`, accept: 'application/json' });
  return [
    { name: 'bearer', build: async () => bearer(await issuer.mintSessionToken({ userId: USER })) },
    {
      name: 'cookie',
      build: () => ({ cookie: issuer.browserCookies({ userId: USER }), accept: 'application/json' }),
    },
    { name: 'signed out', build: () => ({ accept: 'application/json' }) },
    {
      name: 'expired bearer',
      build: async () =>
        bearer(await issuer.mintSessionToken({ userId: USER, issuedAt: now() - 700, expiresInSeconds: 600 })),
    },
    {
      name: 'wrong azp',
      build: async () => bearer(await issuer.mintSessionToken({ userId: USER, azp: 'https://evil.example' })),
    },
    { name: 'api key', build: () => bearer(apiKey) },
    { name: 'invalid api key', build: () => bearer(`ak_${'0'.repeat(32)}`) },
  ];
}

function everyCredentialOn(paths: string[], issuer: TestIssuer, apiKey: string): Probe[] {
  return paths.flatMap((path) =>
    credentials(issuer, apiKey).map((credential) => ({
      name: `GET ${path} · ${credential.name}`,
      path,
      build: async () => get(await credential.build()),
    })),
  );
}

function webhook(issuer: TestIssuer, forged: boolean): Sent {
  const { headers, body } = issuer.signWebhook(WEBHOOK_EVENT);
  if (forged) headers['svix-signature'] = `v1,${Buffer.alloc(32).toString('base64')}`;
  return { method: 'POST', headers, body };
}

export function probesFor(framework: Framework, app: AppName, issuer: TestIssuer, apiKey: string): Probe[] {
  switch (app) {
    case 'session':
      return everyCredentialOn(
        framework === 'express' ? ['/me', '/get-auth', '/protected', '/api-key'] : ['/get-auth', '/api-key'],
        issuer,
        apiKey,
      );
    case 'client':
      return [
        ...everyCredentialOn(['/user'], issuer, apiKey).filter((probe) =>
          /bearer$|signed out$/.test(probe.name),
        ),
        ...[`/users/${USER}`, '/users/user_missing', `/orgs/${ORG}`, `/orgs-by-slug/${ORG_SLUG}`].map(
          (path) => ({ name: `GET ${path}`, path, build: () => get({ accept: 'application/json' }) }),
        ),
      ];
    case 'webhooks':
      return [
        { name: 'POST /api/webhooks · signed', path: '/api/webhooks', build: () => webhook(issuer, false) },
        { name: 'POST /api/webhooks · forged', path: '/api/webhooks', build: () => webhook(issuer, true) },
      ];
  }
}
