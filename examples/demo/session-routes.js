// The demo's stand-in for the parts of Clerk's front end that run in the page: signing in goes
// through the issuer's Frontend API (its sign-in, then /v1/client/handshake), which hands the app's
// origin `__session`, `__client_uat` and, on a development instance, `__clerk_db_jwt`, as Clerk's
// does. What the issuer's Frontend API does not model (the active organization, the second factor's
// age) the page asks for here, as Clerk's front end asks its Frontend API for a session token and
// writes it into `__session` itself. Framework-neutral (Node req/res); the rest goes to the app.
import { createAuthenticator } from '@sessionguard/connect';
import { cookieSuffix } from '@sessionguard/testing';

const MAX_BODY = 4096;
const ROLES = new Set(['org:member', 'org:admin']);
const DEV_BROWSER = '__clerk_db_jwt';

export const DEMO_USER = { id: 'user_demo', first_name: 'Ada', last_name: 'Lovelace', username: 'ada' };
export const DEMO_ORG = { id: 'org_demo', name: 'Analytical Engines', slug: 'engines' };

/** fva is [first factor age, second factor age] in minutes. */
export function mintDemoToken(
  issuer,
  { role = 'org:member', fva = [0, 0], azp, sessionId, expiresInSeconds },
) {
  return issuer.mintSessionToken({
    userId: DEMO_USER.id,
    ...(sessionId ? { sessionId } : {}),
    orgId: DEMO_ORG.id,
    orgSlug: DEMO_ORG.slug,
    orgRole: role,
    orgPermissions: role === 'org:admin' ? ['org:settings:manage'] : ['org:settings:read'],
    fva,
    azp,
    expiresInSeconds,
  });
}

function readJson(req) {
  return new Promise((resolve) => {
    let text = '';
    req.setEncoding('utf8');
    req.on('data', (chunk) => {
      text += chunk;
      if (text.length > MAX_BODY) req.destroy();
    });
    req.on('end', () => {
      try {
        resolve(JSON.parse(text || '{}'));
      } catch {
        resolve({});
      }
    });
  });
}

function sendJson(res, status, body, cookies = []) {
  res.statusCode = status;
  res.setHeader('content-type', 'application/json');
  res.setHeader('cache-control', 'no-store');
  if (cookies.length > 0) res.setHeader('set-cookie', cookies);
  res.end(JSON.stringify(body));
}

function cookieValue(req, name) {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const at = part.indexOf('=');
    if (at > 0 && part.slice(0, at).trim() === name) return part.slice(at + 1).trim();
  }
  return undefined;
}

/**
 * Signing in with another role changes the user (its public metadata), and Clerk would tell the
 * app with a `user.updated` webhook: the issuer signs and delivers one, as Clerk's Svix does.
 */
async function updateDemoUser(issuer, webhookUrl, role) {
  issuer.addUser({ ...DEMO_USER, public_metadata: { demoRole: role } });
  const response = await fetch(`${issuer.url}/v1/users/${DEMO_USER.id}`, {
    headers: { authorization: `Bearer ${issuer.secretKey}` },
  });
  const user = await response.json();
  await issuer.sendWebhook(webhookUrl, { type: 'user.updated', data: user });
}

/**
 * Returns a handler that answers /demo/* and returns false for everything else.
 * - `POST /demo/sign-in {role, fva}`: remembers the role and second-factor age the page asked for
 *   and answers `{ signInUrl }`, the issuer's browser sign-in that comes back to the page.
 * - `POST /demo/token {reverify?}`: a session token for the browser's current session with that
 *   role and age (a fresh second factor with `reverify`), written into `__session` (and its
 *   suffixed twin, as Clerk's front end writes both); 401 without a good session cookie.
 * - `POST /demo/curl`: `{ lines }`, the curl lines the terminal printed, with fresh tokens for the
 *   demo user (anyone who can reach /demo/sign-in can sign in as that user anyway).
 * - `POST /demo/sign-out`: ends the user's sessions at the issuer and clears the cookies, as Clerk's
 *   front end does (`__client_uat=0`).
 */
export function createSessionRoutes(
  issuer,
  { appUrl, webhookUrl, authorizedParties, sessionLifetimeInSeconds, curlLines },
) {
  const suffix = cookieSuffix(issuer.publishableKey);
  // Reads the plain `__session` cookie as a token carrier: no publishable key, so no §12 here.
  const current = createAuthenticator({ jwtKey: issuer.publicKeyPem, authorizedParties, clockSkewInMs: 0 });
  const wanted = { role: 'org:member', fva: [0, 0] };
  let lastRole;

  const both = (name, value, attributes) => [
    `${name}=${value}; ${attributes}`,
    `${name}_${suffix}=${value}; ${attributes}`,
  ];

  return async (req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method !== 'POST' || !path.startsWith('/demo/')) return false;
    const body = await readJson(req);

    if (path === '/demo/sign-in') {
      wanted.role = ROLES.has(body.role) ? body.role : 'org:member';
      // "30 minutes ago" makes requireReverification('strict') (10 minutes) ask for step-up.
      wanted.fva = body.fva === 'stale' ? [30, 30] : [0, 0];
      if (wanted.role !== lastRole) {
        lastRole = wanted.role;
        await updateDemoUser(issuer, webhookUrl, wanted.role);
      }
      const signIn = new URL(issuer.signInUrl);
      signIn.searchParams.set('user_id', DEMO_USER.id);
      signIn.searchParams.set('redirect_url', `${appUrl}/`);
      // Clerk's front end names its dev browser, so the Frontend API signs this browser's client in.
      const devBrowser = cookieValue(req, DEV_BROWSER);
      if (devBrowser) signIn.searchParams.set(DEV_BROWSER, devBrowser);
      sendJson(res, 200, { userId: DEMO_USER.id, role: wanted.role, signInUrl: signIn.href });
      return true;
    }
    if (path === '/demo/token') {
      const state = await current.authenticateRequest(req);
      if (state.status !== 'signed-in') {
        sendJson(res, 401, { error: 'unauthenticated', reason: state.reason });
        return true;
      }
      if (body.reverify === true) wanted.fva = [0, 0];
      const token = await mintDemoToken(issuer, {
        ...wanted,
        azp: appUrl,
        sessionId: state.auth.sessionId,
        expiresInSeconds: sessionLifetimeInSeconds,
      });
      sendJson(
        res,
        200,
        { signedIn: true, userId: DEMO_USER.id, role: wanted.role },
        both('__session', token, 'Path=/; SameSite=Lax'),
      );
      return true;
    }
    if (path === '/demo/curl') {
      sendJson(res, 200, { lines: await curlLines() });
      return true;
    }
    if (path === '/demo/sign-out') {
      issuer.signOut(DEMO_USER.id);
      sendJson(res, 200, { signedIn: false }, [
        ...both('__session', '', 'Path=/; Max-Age=0; SameSite=Lax'),
        ...both('__client_uat', '0', 'Path=/; Max-Age=315360000; SameSite=Lax'),
      ]);
      return true;
    }
    sendJson(res, 404, { error: 'not_found' });
    return true;
  };
}
