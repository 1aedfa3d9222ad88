// The demo's stand-in for Clerk's front end: serves the page and mints session tokens into the
// __session cookie. Framework-neutral (Node req/res); everything else goes to the framework app.
import { readFileSync } from 'node:fs';

const page = readFileSync(new URL('./page.html', import.meta.url));
const MAX_BODY = 4096;
const ROLES = new Set(['org:member', 'org:admin']);

export const DEMO_USER = { id: 'user_demo', first_name: 'Ada', last_name: 'Lovelace', username: 'ada' };
export const DEMO_ORG = { id: 'org_demo', name: 'Analytical Engines', slug: 'engines' };

/** fva is [first factor age, second factor age] in minutes. */
export function mintDemoToken(issuer, { role = 'org:member', fva = [0, 0], azp }) {
  return issuer.mintSessionToken({
    userId: DEMO_USER.id,
    orgId: DEMO_ORG.id,
    orgSlug: DEMO_ORG.slug,
    orgRole: role,
    orgPermissions: role === 'org:admin' ? ['org:settings:manage'] : ['org:settings:read'],
    fva,
    azp,
    expiresInSeconds: 3600,
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

function sendJson(res, status, body, cookie) {
  res.statusCode = status;
  res.setHeader('content-type', 'application/json');
  if (cookie) res.setHeader('set-cookie', cookie);
  res.end(JSON.stringify(body));
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

/** Returns a handler that answers the page and /demo/* and returns false for everything else. */
export function createSessionRoutes(issuer, appUrl, webhookUrl) {
  let lastRole;
  return async (req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method === 'GET' && (path === '/' || path === '/index.html')) {
      res.setHeader('content-type', 'text/html; charset=utf-8');
      res.end(page);
      return true;
    }
    if (req.method !== 'POST' || !path.startsWith('/demo/')) return false;

    const body = await readJson(req);
    const role = ROLES.has(body.role) ? body.role : 'org:member';
    if (path === '/demo/sign-in' || path === '/demo/reverify') {
      // "30 minutes ago" makes requireReverification('strict') (10 minutes) ask for step-up.
      const fva = path === '/demo/sign-in' && body.fva === 'stale' ? [30, 30] : [0, 0];
      const token = await mintDemoToken(issuer, { role, fva, azp: appUrl });
      if (path === '/demo/sign-in' && role !== lastRole) {
        lastRole = role;
        await updateDemoUser(issuer, webhookUrl, role);
      }
      sendJson(
        res,
        200,
        { signedIn: true, userId: DEMO_USER.id, role },
        `__session=${token}; Path=/; SameSite=Lax`,
      );
      return true;
    }
    if (path === '/demo/sign-out') {
      sendJson(res, 200, { signedIn: false }, '__session=; Path=/; Max-Age=0; SameSite=Lax');
      return true;
    }
    sendJson(res, 404, { error: 'not_found' });
    return true;
  };
}
