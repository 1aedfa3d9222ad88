import { expect } from 'vitest';
import { type CookieJar, cookieHeaderOf, directivesOf, directiveValue } from '../testing/browser-helpers.js';
import { decodeJwt } from '../testing/helpers.js';
import { DIFFERENCES, type DifferenceId, type Observation } from './differences.js';
import { APP, type Instance, USER, type World } from './world.js';

export { DIFFERENCES };

/**
 * The oracle's one table (issue 25 items 1 and 3): each case is a request that both Clerk's
 * `@clerk/backend` and sessionguard authenticate. `clerk` is what Clerk's SDK answers (checked
 * against the issuer now); sessionguard must give the same observation, except in the fields of the
 * `differences` it names, where it must give `ours`.
 */
export interface CaseRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
}

export type Expectation = Partial<Observation> & Pick<Observation, 'status' | 'reason'>;

export interface OracleCase {
  name: string;
  instance: Instance;
  build(world: World): Promise<CaseRequest>;
  /** Build once per SDK: the request spends something (a nonce, a refresh token). */
  perSide?: boolean;
  clerk: Expectation;
  differences?: readonly DifferenceId[];
  ours?: Expectation;
}

type Kind = 'navigation' | 'fetch' | 'post' | 'iframe' | 'html' | 'image' | 'head';

const KIND_HEADERS: Record<Kind, Record<string, string>> = {
  navigation: { accept: 'text/html,application/xhtml+xml', 'sec-fetch-dest': 'document' },
  post: { accept: 'text/html,application/xhtml+xml', 'sec-fetch-dest': 'document' },
  fetch: { accept: '*/*', 'sec-fetch-dest': 'empty' },
  iframe: { accept: 'text/html', 'sec-fetch-dest': 'iframe' },
  html: { accept: 'text/html,application/xhtml+xml' },
  image: { accept: 'text/html', 'sec-fetch-dest': 'image' },
  head: { accept: 'text/html', 'sec-fetch-dest': 'document' },
};

export function request(
  kind: Kind,
  path: string,
  cookies: Record<string, string | undefined> | CookieJar,
  extra: Record<string, string> = {},
): CaseRequest {
  const jar =
    cookies instanceof Map
      ? cookies
      : new Map(Object.entries(cookies).filter((e): e is [string, string] => e[1] !== undefined));
  const headers: Record<string, string> = { ...KIND_HEADERS[kind], ...extra };
  const cookie = cookieHeaderOf(jar);
  if (cookie !== '') headers.cookie = cookie;
  const method = kind === 'post' ? 'POST' : kind === 'head' ? 'HEAD' : 'GET';
  return { method, url: path.startsWith('http') ? path : `${APP}${path}`, headers };
}

const INSTANCES: readonly Instance[] = ['development', 'production'];
const EXPIRED = 'session-token-expired-refresh-non-eligible-no-refresh-cookie';

/** A dev browser cookie on development (plain, or both names), so that §12.3 step 2 passes. */
function withDevBrowser(
  w: World,
  cookies: Record<string, string | undefined>,
  both = false,
): Record<string, string | undefined> {
  if (w.instance !== 'development') return cookies;
  const dvb = w.browser().get('__clerk_db_jwt');
  return { __clerk_db_jwt: dvb, ...(both ? { [`__clerk_db_jwt_${w.suffix}`]: dvb } : {}), ...cookies };
}

const uat = (w: World, age: number): string => String(w.now() - age);

// ---------------------------------------------------------------------------------------------
// §12.3 and the cookie rows: each runs on a navigation and a fetch(), on both instances.

interface CookieRow {
  spec: string;
  only?: Instance;
  /** The navigation's status; a fetch() is signed out with the same reason where this is a handshake. */
  status: Observation['status'];
  reason: string | null;
  path?: string;
  kinds?: readonly Kind[];
  noDevBrowser?: boolean;
  sessionId?: string;
  differences?: readonly DifferenceId[];
  ours?: Partial<Observation>;
  cookies(w: World): Promise<Record<string, string | undefined>>;
}

const COOKIE_ROWS: CookieRow[] = [
  {
    spec: '§12.3 step 2 (dev browser sync)',
    only: 'development',
    path: '/account?__clerk_db_jwt=dvb_from_query&tab=1',
    status: 'handshake',
    reason: 'dev-browser-sync',
    cookies: async (w) => ({ __session: await w.mint(), __client_uat: uat(w, 30) }),
  },
  {
    spec: '§12.3 step 2 (dev browser missing)',
    only: 'development',
    noDevBrowser: true,
    status: 'handshake',
    reason: 'dev-browser-missing',
    cookies: async (w) => ({ __session: await w.mint(), __client_uat: uat(w, 30) }),
  },
  {
    spec: '§12.3 step 3 (no cookies)',
    status: 'signed-out',
    reason: 'session-token-and-uat-missing',
    cookies: async () => ({}),
  },
  {
    spec: '§12.3 step 3 (__client_uat=0)',
    status: 'signed-out',
    reason: 'session-token-and-uat-missing',
    cookies: async () => ({ __client_uat: '0' }),
  },
  {
    spec: '§12.3 step 4',
    status: 'handshake',
    reason: 'session-token-but-no-client-uat',
    cookies: async (w) => ({ __session: await w.mint(), __client_uat: '0' }),
  },
  {
    spec: '§12.3 step 5',
    status: 'handshake',
    reason: 'client-uat-but-no-session-token',
    cookies: async (w) => ({ __client_uat: uat(w, 30) }),
  },
  {
    spec: '§12.3 step 6 (does not decode)',
    status: 'signed-out',
    reason: 'token-invalid',
    cookies: async (w) => ({ __session: 'not-a-jwt', __client_uat: uat(w, 30) }),
  },
  {
    spec: "§12.3 step 6 (a JWT template's cat)",
    status: 'signed-out',
    reason: 'token-type-mismatch',
    cookies: async (w) => ({
      __session: await w.mint({ header: { cat: 'cl_B7d4PD222AAA' } }),
      __client_uat: uat(w, 30),
    }),
  },
  {
    spec: '§12.3 step 6 (a machine JWT)',
    status: 'signed-out',
    reason: 'token-type-mismatch',
    cookies: async (w) => ({ __session: w.machineJwt, __client_uat: uat(w, 30) }),
  },
  {
    spec: '§12.3 step 6 (an opaque machine token)',
    status: 'signed-out',
    reason: 'token-invalid',
    differences: ['opaque-machine-cookie'],
    ours: { status: 'signed-out', reason: 'token-type-mismatch' },
    cookies: async (w) => ({ __session: w.machineOpaque, __client_uat: uat(w, 30) }),
  },
  {
    spec: '§12.3 step 7',
    status: 'handshake',
    reason: 'session-token-iat-before-client-uat',
    cookies: async (w) => ({ __session: await w.mint({ age: 50 }), __client_uat: uat(w, 10) }),
  },
  {
    spec: '§12.3 step 8 (expired, no refresh cookie)',
    status: 'handshake',
    reason: EXPIRED,
    cookies: async (w) => ({ __session: await w.mint({ age: 120, life: 60 }), __client_uat: uat(w, 130) }),
  },
  {
    spec: '§12.3 step 8 (expired, not a GET)',
    kinds: ['post'],
    status: 'signed-out',
    reason: 'session-token-expired-refresh-non-eligible-non-get',
    cookies: async (w) => ({ __session: await w.mint({ age: 120, life: 60 }), __client_uat: uat(w, 130) }),
  },
  {
    spec: '§12.3 step 8 (expired, a refresh cookie the Backend API refuses)',
    status: 'handshake',
    reason: 'session-token-expired-refresh-invalid_refresh_token',
    cookies: async (w) => ({
      __session: await w.mint({ age: 120, life: 60 }),
      __client_uat: uat(w, 130),
      [`__refresh_${w.suffix}`]: 'rt_unknown',
    }),
  },
  {
    spec: '§12.2 plain __refresh (expired, only a plain refresh cookie)',
    status: 'handshake',
    reason: EXPIRED,
    differences: ['refresh-plain-fallback'],
    ours: { status: 'handshake', reason: 'session-token-expired-refresh-invalid_refresh_token' },
    cookies: async (w) => ({
      __session: await w.mint({ age: 120, life: 60 }),
      __client_uat: uat(w, 130),
      __refresh: 'rt_unknown',
    }),
  },
  {
    spec: '§12.3 step 8 (nbf ahead)',
    status: 'handshake',
    reason: 'session-token-nbf',
    cookies: async (w) => ({ __session: await w.mint({ age: -60 }), __client_uat: uat(w, 30) }),
  },
  {
    spec: '§12.3 step 8 (iat ahead, no nbf)',
    status: 'handshake',
    reason: 'session-token-iat-in-the-future',
    cookies: async (w) => ({
      __session: await w.mint({ age: -60, claims: { nbf: undefined } }),
      __client_uat: uat(w, 30),
    }),
  },
  {
    spec: '§12.3 step 8 (any other failure: a key not published)',
    status: 'signed-out',
    reason: 'jwk-kid-mismatch',
    cookies: async (w) => ({
      __session: await w.mint({ keyId: w.unpublishedKid }),
      __client_uat: uat(w, 30),
    }),
  },
  {
    spec: '§12.3 step 9',
    status: 'signed-in',
    reason: null,
    sessionId: 'sess_step9',
    cookies: async (w) => ({ __session: await w.mint({ sid: 'sess_step9' }), __client_uat: uat(w, 30) }),
  },
  // §12.4: what goes into the redirect.
  {
    spec: '§12.4 redirect_url without __clerk_db_jwt and __dev_session',
    only: 'development',
    path: '/shop?__dev_session=old&a=1',
    status: 'handshake',
    reason: EXPIRED,
    cookies: async (w) => ({ __session: await w.mint({ age: 120, life: 60 }), __client_uat: uat(w, 130) }),
  },
  {
    spec: '§12.4 redirect_url without __clerk_help (ours)',
    path: '/shop?__clerk_help=1&a=1',
    status: 'handshake',
    reason: EXPIRED,
    differences: ['redirect-url-cleaned'],
    ours: { location: expect.stringContaining(`redirect_url=${encodeURIComponent(`${APP}/shop?a=1`)}&`) },
    cookies: async (w) => ({ __session: await w.mint({ age: 120, life: 60 }), __client_uat: uat(w, 130) }),
  },
  {
    spec: "§12.4 redirect_url keeps each parameter's encoding (ours)",
    path: '/shop?q=a%20b&x=1+2',
    status: 'handshake',
    reason: EXPIRED,
    differences: ['redirect-url-encoding'],
    ours: {
      location: expect.stringContaining(`redirect_url=${encodeURIComponent(`${APP}/shop?q=a%20b&x=1+2`)}&`),
    },
    cookies: async (w) => ({ __session: await w.mint({ age: 120, life: 60 }), __client_uat: uat(w, 130) }),
  },
  {
    spec: '§12.4 the redirect count goes up by one',
    status: 'handshake',
    reason: 'client-uat-but-no-session-token',
    cookies: async (w) => ({ __client_uat: uat(w, 30), __clerk_redirect_count: '2' }),
  },
  {
    spec: '§12.4 loop guard at exactly 3',
    status: 'signed-out',
    reason: 'client-uat-but-no-session-token',
    cookies: async (w) => ({ __client_uat: uat(w, 30), __clerk_redirect_count: '3' }),
  },
  {
    spec: '§12.4 loop guard above 3 (ours)',
    status: 'handshake',
    reason: 'client-uat-but-no-session-token',
    differences: ['loop-guard'],
    ours: { status: 'signed-out', location: null, setCookie: [] },
    cookies: async (w) => ({ __client_uat: uat(w, 30), __clerk_redirect_count: '4' }),
  },
];

// §12.2, rule by rule: each row makes the two sets lead to different outcomes (sessions carry their
// own sid, a handshake says suffixed_cookies), so the outcome shows the choice.
interface ChoiceRow {
  rule: string;
  status: Record<Instance, Observation['status']>;
  reason: Record<Instance, string | null>;
  sessionId?: string;
  cookies(w: World, s: string): Promise<Record<string, string | undefined>>;
}

const both = <T>(value: T): Record<Instance, T> => ({ development: value, production: value });

const CHOICE_ROWS: ChoiceRow[] = [
  {
    rule: '1 (the plain session does not decode)',
    status: both('signed-out'),
    reason: both('token-invalid'),
    cookies: async (w, s) => ({
      __session: 'garbage',
      [`__session_${s}`]: await w.mint({ sid: 'sess_suffixed' }),
      __client_uat: uat(w, 300),
      [`__client_uat_${s}`]: uat(w, 300),
    }),
  },
  {
    rule: '1 (the plain session names no issuer)',
    status: both('signed-in'),
    reason: both(null),
    sessionId: 'sess_plain',
    cookies: async (w, s) => ({
      __session: await w.mint({ age: 5, sid: 'sess_plain', claims: { iss: undefined } }),
      [`__session_${s}`]: await w.mint({ sid: 'sess_suffixed' }),
      __client_uat: uat(w, 300),
      [`__client_uat_${s}`]: uat(w, 300),
    }),
  },
  {
    rule: "2 (the plain session is another app's)",
    status: both('signed-in'),
    reason: both(null),
    sessionId: 'sess_suffixed',
    cookies: async (w, s) => ({
      __session: await w.mint({
        age: 5,
        sid: 'sess_other',
        claims: { iss: 'https://clerk.other-app.example' },
      }),
      [`__session_${s}`]: await w.mint({ sid: 'sess_suffixed' }),
      __client_uat: uat(w, 300),
      [`__client_uat_${s}`]: uat(w, 300),
    }),
  },
  {
    rule: '3 (no suffixed cookie)',
    status: both('signed-in'),
    reason: both(null),
    sessionId: 'sess_plain',
    cookies: async (w) => ({ __session: await w.mint({ sid: 'sess_plain' }), __client_uat: uat(w, 300) }),
  },
  {
    rule: '4 (both signed in, the plain session newer)',
    status: both('signed-in'),
    reason: both(null),
    sessionId: 'sess_plain',
    cookies: async (w, s) => ({
      __session: await w.mint({ age: 10, sid: 'sess_plain' }),
      [`__session_${s}`]: await w.mint({ age: 20, sid: 'sess_suffixed' }),
      __client_uat: uat(w, 300),
      [`__client_uat_${s}`]: uat(w, 300),
    }),
  },
  {
    rule: '5 (suffixed signed out, plain signed in)',
    status: both('signed-in'),
    reason: both(null),
    sessionId: 'sess_plain',
    cookies: async (w, s) => ({
      __session: await w.mint({ age: 20, sid: 'sess_plain' }),
      [`__session_${s}`]: await w.mint({ age: 10, sid: 'sess_suffixed' }),
      __client_uat: uat(w, 300),
      [`__client_uat_${s}`]: '0',
    }),
  },
  {
    rule: '6 (plain signed out, the suffixed session expired: plain on development only)',
    status: both('handshake'),
    reason: { development: 'session-token-but-no-client-uat', production: EXPIRED },
    cookies: async (w, s) => ({
      __session: await w.mint({ age: 20 }),
      [`__session_${s}`]: await w.mint({ age: 200, life: 60 }),
      __client_uat: '0',
      [`__client_uat_${s}`]: uat(w, 300),
    }),
  },
  {
    rule: '7 (a suffixed session without its __client_uat)',
    status: both('handshake'),
    reason: both('client-uat-but-no-session-token'),
    cookies: async (w, s) => ({ [`__session_${s}`]: await w.mint(), __client_uat: uat(w, 300) }),
  },
  {
    rule: '8 (otherwise suffixed)',
    status: both('signed-in'),
    reason: both(null),
    sessionId: 'sess_suffixed',
    cookies: async (w, s) => ({
      [`__session_${s}`]: await w.mint({ sid: 'sess_suffixed' }),
      [`__client_uat_${s}`]: uat(w, 300),
    }),
  },
];

function signedInFields(status: Observation['status'], sessionId: string | undefined): Partial<Observation> {
  return status === 'signed-in' && sessionId ? { userId: USER, sessionId } : {};
}

function cookieCases(): OracleCase[] {
  const cases: OracleCase[] = [];
  for (const instance of INSTANCES) {
    for (const row of COOKIE_ROWS) {
      if (row.only && row.only !== instance) continue;
      for (const kind of row.kinds ?? (['navigation', 'fetch'] as const)) {
        const redirected = kind === 'navigation';
        const statusOn = (s: Observation['status']) => (s === 'handshake' && !redirected ? 'signed-out' : s);
        const status = statusOn(row.status);
        const clerk: Expectation = { status, reason: row.reason, ...signedInFields(status, row.sessionId) };
        // A difference in the redirect shows only where there is a redirect.
        const differences = row.differences?.filter(
          (id) => redirected || DIFFERENCES[id].fields.some((f) => f === 'reason'),
        );
        const ours: Expectation | undefined =
          differences?.length && row.ours
            ? { ...clerk, ...row.ours, status: statusOn(row.ours.status ?? row.status) }
            : undefined;
        cases.push({
          name: `${row.spec} · ${instance} · ${kind}`,
          instance,
          build: async (w) =>
            request(
              kind,
              row.path ?? '/account',
              row.noDevBrowser ? await row.cookies(w) : withDevBrowser(w, await row.cookies(w)),
            ),
          clerk,
          ...(differences?.length ? { differences } : {}),
          ...(ours ? { ours: redirected ? ours : { ...ours, location: null, setCookie: [] } } : {}),
        });
      }
    }
    for (const row of CHOICE_ROWS) {
      for (const kind of ['navigation', 'fetch'] as const) {
        const navStatus = row.status[instance];
        const status = navStatus === 'handshake' && kind === 'fetch' ? 'signed-out' : navStatus;
        cases.push({
          name: `§12.2 rule ${row.rule} · ${instance} · ${kind}`,
          instance,
          build: async (w) =>
            request(kind, '/account', withDevBrowser(w, await row.cookies(w, w.suffix), true)),
          clerk: { status, reason: row.reason[instance], ...signedInFields(status, row.sessionId) },
        });
      }
    }
  }
  return cases;
}

// ---------------------------------------------------------------------------------------------
// §12.1: what a navigation is; the public URL.

function navigationCases(): OracleCase[] {
  const cookies = async (w: World) => withDevBrowser(w, { __client_uat: uat(w, 30) });
  const reason = 'client-uat-but-no-session-token';
  const cases: OracleCase[] = [];
  for (const instance of INSTANCES) {
    for (const [kind, status] of [
      ['iframe', 'handshake'],
      ['html', 'handshake'],
      ['image', 'signed-out'],
      ['head', 'signed-out'],
    ] as const) {
      cases.push({
        name: `§12.1 navigation: ${kind} · ${instance}`,
        instance,
        build: async (w) => request(kind, '/account', await cookies(w)),
        clerk: { status, reason },
      });
    }
    cases.push({
      name: `§12.1 public URL from x-forwarded-proto and x-forwarded-host · ${instance}`,
      instance,
      build: async (w) =>
        request('navigation', '/account?a=1', await cookies(w), {
          'x-forwarded-proto': 'https',
          'x-forwarded-host': 'shop.example.com',
        }),
      clerk: { status: 'handshake', reason },
    });
  }
  return cases;
}

// ---------------------------------------------------------------------------------------------
// §12.3, the Bearer rule: a header token, no cookies.

function bearerCases(): OracleCase[] {
  const rows: {
    spec: string;
    status: Observation['status'];
    reason: string | null;
    mint: Parameters<World['mint']>[0];
    kinds?: Kind[];
  }[] = [
    { spec: 'expired', status: 'handshake', reason: EXPIRED, mint: { age: 120, life: 60 } },
    {
      spec: 'expired, not a GET',
      status: 'signed-out',
      reason: 'session-token-expired-refresh-non-eligible-non-get',
      mint: { age: 120, life: 60 },
      kinds: ['post'],
    },
    { spec: 'nbf ahead', status: 'handshake', reason: 'session-token-nbf', mint: { age: -60 } },
    {
      spec: 'iat ahead',
      status: 'handshake',
      reason: 'session-token-iat-in-the-future',
      mint: { age: -60, claims: { nbf: undefined } },
    },
    {
      spec: 'any other failure',
      status: 'signed-out',
      reason: 'jwk-kid-mismatch',
      mint: { keyId: 'unpublished' },
    },
    { spec: 'valid', status: 'signed-in', reason: null, mint: { sid: 'sess_bearer' } },
  ];
  const cases: OracleCase[] = [];
  for (const instance of INSTANCES) {
    for (const row of rows) {
      for (const kind of row.kinds ?? (['navigation', 'fetch'] as const)) {
        const status = row.status === 'handshake' && kind !== 'navigation' ? 'signed-out' : row.status;
        cases.push({
          name: `§12.3 the Bearer rule (${row.spec}) · ${instance} · ${kind}`,
          instance,
          build: async (w) => {
            const options = row.mint?.keyId ? { ...row.mint, keyId: w.unpublishedKid } : row.mint;
            return request(kind, '/api/data', {}, { authorization: `Bearer ${await w.mint(options)}` });
          },
          clerk: { status, reason: row.reason, ...signedInFields(status, row.mint?.sid) },
        });
      }
    }
  }
  return cases;
}

// ---------------------------------------------------------------------------------------------
// §12.5: the browser comes back from the issuer's Frontend API with a handshake token or nonce.

/** A browser whose own session expired (so its own cookies alone would be a handshake). */
const expiredBrowser = (w: World, userId?: string): CookieJar =>
  w.browser({ age: 120, ...(userId ? { userId } : {}) });

/** A handshake token of the issuer's, made by hand: `directives` and any extra claim. */
function handshakeToken(w: World, directives: string[], claims: Record<string, unknown> = {}): string {
  return w.issuer.signJwt(
    { alg: 'RS256', kid: w.issuer.currentKid, typ: 'JWT', cat: 'cl_B7d4PD111AAA' },
    { handshake: directives, ...claims },
  );
}

/** A navigation carrying a hand-made handshake token: the query on development, a cookie in production. */
function carrying(w: World, token: string, cookies: Record<string, string | undefined> = {}): CaseRequest {
  const own = withDevBrowser(w, cookies);
  if (w.instance === 'development') {
    return request('navigation', `/account?__clerk_handshake=${token}`, own);
  }
  return request('navigation', '/account', { ...own, __clerk_handshake: token });
}

/** One browser for both SDKs of a case that builds its request once per SDK (each its own nonce). */
function sameBrowser(): (w: World) => CookieJar {
  let jar: CookieJar | undefined;
  return (w) => {
    jar ??= expiredBrowser(w);
    return new Map(jar);
  };
}

const RESOLVED_HEADERS = ['private-no-store', 'no-cors-null'] as const satisfies DifferenceId[];

function resolutionCases(): OracleCase[] {
  const cases: OracleCase[] = [];
  for (const instance of INSTANCES) {
    const dev = instance === 'development';
    const back = dev ? { location: `${APP}/account` } : { location: null };
    const ourCache = { cacheControl: 'private, no-store', corsOrigin: null };
    for (const transport of ['token', 'nonce'] as const) {
      const browser = sameBrowser();
      cases.push({
        name: `§12.5 ${transport} transport, signed in · ${instance} · navigation`,
        instance,
        perSide: transport === 'nonce',
        build: async (w) => {
          const through = await w.handshake(browser(w), { transport });
          return request('navigation', through.back, through.jar);
        },
        clerk: { status: 'signed-in', reason: null, userId: USER, ...back, corsOrigin: 'null' },
        differences: RESOLVED_HEADERS,
        ours: { status: 'signed-in', reason: null, userId: USER, ...back, ...ourCache },
      });
      const fetchBrowser = sameBrowser();
      cases.push({
        name: `§12.3 step 1 (ours): a ${transport} on a fetch() is ignored · ${instance}`,
        instance,
        perSide: transport === 'nonce',
        build: async (w) => {
          const through = await w.handshake(fetchBrowser(w), { transport });
          return request('fetch', through.back, through.jar);
        },
        clerk: { status: 'signed-in', reason: null, userId: USER, ...back, corsOrigin: 'null' },
        differences: ['handshake-navigation-only'],
        ours: { status: 'signed-out', reason: EXPIRED, location: null, setCookie: [], corsOrigin: null },
      });
    }
    cases.push({
      name: `§12.5 signed out at the issuer: session-token-missing, its directives set · ${instance} · navigation`,
      instance,
      build: async (w) => {
        const userId = `user_gone_${instance}`;
        const jar = expiredBrowser(w, userId);
        w.issuer.signOut(userId);
        const through = await w.handshake(jar, { transport: 'token' });
        return request('navigation', through.back, through.jar);
      },
      clerk: { status: 'signed-out', reason: 'session-token-missing', ...back, corsOrigin: 'null' },
      differences: RESOLVED_HEADERS,
      ours: { status: 'signed-out', reason: 'session-token-missing', ...back, ...ourCache },
    });
    cases.push({
      name: `§12.5 a session that fails on time alone: the 24 h skew retry on development only · ${instance}`,
      instance,
      build: async (w) => {
        const late = await w.mint({ age: 7200, life: 60 });
        return carrying(
          w,
          handshakeToken(w, [`__session=${late}; Path=/`, `__client_uat=${w.now() - 7200}; Path=/`]),
        );
      },
      ...(dev
        ? {
            clerk: { status: 'signed-in', reason: null, userId: USER, ...back, corsOrigin: 'null' },
            differences: RESOLVED_HEADERS,
            ours: { status: 'signed-in', reason: null, userId: USER, ...back, ...ourCache },
          }
        : {
            clerk: { status: 'signed-out', reason: 'session-token-and-uat-missing', setCookie: [] },
            differences: ['failed-resolution-falls-through'],
            ours: {
              status: 'signed-out',
              reason: 'session-token-and-uat-missing',
              setCookie: ['__clerk_handshake='],
            },
          }),
    });
    cases.push({
      name: `§12.5 (ours) an expired handshake token is refused · ${instance}`,
      instance,
      build: async (w) => {
        const session = await w.mint();
        return carrying(
          w,
          handshakeToken(w, [`__session=${session}; Path=/`, `__client_uat=${w.now() - 10}; Path=/`], {
            exp: w.now() - 3600,
          }),
        );
      },
      clerk: { status: 'signed-in', reason: null, userId: USER, ...back, corsOrigin: 'null' },
      differences: ['handshake-token-exp'],
      ours: {
        status: 'signed-out',
        reason: 'session-token-and-uat-missing',
        location: null,
        setCookie: dev ? [] : ['__clerk_handshake='],
      },
    });
    cases.push({
      name: `§12.5 the query transport · ${instance}`,
      instance,
      build: async (w) => {
        const through = await w.handshake(expiredBrowser(w), { transport: 'token' });
        if (dev) return request('navigation', through.back, through.jar);
        const token = through.jar.get('__clerk_handshake') ?? '';
        through.jar.delete('__clerk_handshake');
        return request('navigation', `${through.back}?__clerk_handshake=${token}`, through.jar);
      },
      clerk: { status: 'signed-in', reason: null, userId: USER, ...back, corsOrigin: 'null' },
      differences: dev ? RESOLVED_HEADERS : ['query-transport-development-only', 'redirect-url-cleaned'],
      ours: dev
        ? { status: 'signed-in', reason: null, userId: USER, ...back, ...ourCache }
        : { status: 'handshake', reason: EXPIRED, corsOrigin: null },
    });
    // The issuer's faults (§12.7): what Clerk makes of them, and our fall-through (§12.5, ours).
    cases.push({
      name: `§12.5 strip-set-cookie: the transport is lost, a handshake again · ${instance}`,
      instance,
      build: async (w) => {
        const through = await w.handshake(expiredBrowser(w), {
          transport: 'token',
          fault: 'strip-set-cookie',
        });
        return request('navigation', through.back, through.jar);
      },
      // Development carries the transport in the query, which no proxy strips.
      clerk: dev
        ? { status: 'signed-in', reason: null, userId: USER, ...back, corsOrigin: 'null' }
        : { status: 'handshake', reason: EXPIRED },
      ...(dev
        ? {
            differences: RESOLVED_HEADERS,
            ours: { status: 'signed-in', reason: null, userId: USER, ...back, ...ourCache },
          }
        : {}),
    });
    for (const fault of ['wrong-key', 'expired-payload'] as const) {
      cases.push({
        name: `§12.5 ${fault}: the resolution fails · ${instance}`,
        instance,
        build: async (w) => {
          const through = await w.handshake(expiredBrowser(w), { transport: 'token', fault });
          return request('navigation', through.back, through.jar);
        },
        clerk:
          dev && fault === 'wrong-key'
            ? { status: 'throws', reason: null }
            : { status: 'handshake', reason: EXPIRED },
        differences: dev
          ? ['failed-resolution-falls-through', 'redirect-url-cleaned']
          : ['failed-resolution-falls-through'],
        ours: {
          status: 'handshake',
          reason: EXPIRED,
          ...(dev ? {} : { setCookie: ['__clerk_handshake=', '__clerk_redirect_count=1'] }),
        },
      });
    }
    const downBrowser = sameBrowser();
    cases.push({
      name: `§12.5 payload-down: the nonce cannot be exchanged · ${instance}`,
      instance,
      perSide: true,
      build: async (w) => {
        const through = await w.handshake(downBrowser(w), { transport: 'nonce', fault: 'payload-down' });
        return request('navigation', through.back, through.jar);
      },
      clerk: { status: 'signed-out', reason: 'session-token-missing', ...back, corsOrigin: 'null' },
      differences: dev
        ? ['failed-resolution-falls-through', 'redirect-url-cleaned']
        : ['failed-resolution-falls-through'],
      ours: {
        status: 'handshake',
        reason: EXPIRED,
        corsOrigin: null,
        ...(dev ? {} : { setCookie: ['__clerk_handshake_nonce=', '__clerk_redirect_count=1'] }),
      },
    });
  }
  return cases;
}

// §12.3 step 8 with a refresh cookie the issuer issued: the refresh succeeds (§12.6).
function refreshCases(): OracleCase[] {
  return INSTANCES.map((instance): OracleCase => {
    const browser = sameBrowser();
    return {
      name: `§12.3 step 8 (expired, refreshed through the Backend API) · ${instance} · navigation`,
      instance,
      perSide: true,
      build: async (w) => {
        // A handshake hands this browser its own refresh token for its session (each SDK spends one).
        const jar = browser(w);
        const through = await w.handshake(jar, { transport: 'token' });
        const token =
          w.instance === 'development'
            ? (new URL(through.back).searchParams.get('__clerk_handshake') ?? '')
            : (through.jar.get('__clerk_handshake') ?? '');
        const directives = directivesOf(token);
        const refresh = directiveValue(directives, `__refresh_${w.suffix}`);
        const session = directiveValue(directives, '__session') ?? '';
        const sid = String(decodeJwt(session).payload.sid);
        return request('navigation', '/account', {
          ...Object.fromEntries(jar),
          __session: await w.mint({ age: 120, life: 60, sid }),
          __client_uat: uat(w, 130),
          [`__refresh_${w.suffix}`]: refresh,
        });
      },
      clerk: { status: 'signed-in', reason: null, userId: USER, cacheControl: null },
      differences: ['private-no-store'],
      ours: { status: 'signed-in', reason: null, userId: USER, cacheControl: 'private, no-store' },
    };
  });
}

export const CASES: readonly OracleCase[] = [
  ...cookieCases(),
  ...navigationCases(),
  ...bearerCases(),
  ...resolutionCases(),
  ...refreshCases(),
];
