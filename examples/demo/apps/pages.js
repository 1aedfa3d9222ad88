// The demo's two pages, framework-neutral: the interactive page (static HTML) and /account, which
// the server renders from the request's auth object. Each app in apps/ only routes to them.
import { readFileSync } from 'node:fs';
import { HEAD_LINKS } from '../assets.js';

export const pageHtml = readFileSync(new URL('../page.html', import.meta.url), 'utf8').replace(
  '<!-- head links -->',
  HEAD_LINKS,
);

/** A page that shows who is signed in is no one else's to keep (Clerk's `private, no-store`). */
export const ACCOUNT_CACHE_CONTROL = 'private, no-store';

// Set by every handshake redirect (SPEC §12.4, Max-Age=2): a navigation that carries it came back
// from the Frontend API a moment ago.
const REDIRECT_COUNT = '__clerk_redirect_count';

const escapeHtml = (text) => String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function redirectCount(cookieHeader) {
  for (const part of (cookieHeader ?? '').split(';')) {
    const at = part.indexOf('=');
    if (at > 0 && part.slice(0, at).trim() === REDIRECT_COUNT) {
      const count = Number.parseInt(part.slice(at + 1).trim(), 10);
      if (Number.isInteger(count) && count > 0) return count;
    }
  }
  return 0;
}

function whoLines(auth, nowMs) {
  if (!auth.isAuthenticated) {
    return [
      `<p data-testid="account-who">Signed out (<code data-testid="account-reason">${escapeHtml(auth.reason)}</code>).</p>`,
      '<p><a href="/">Sign in on the demo page</a>.</p>',
    ];
  }
  const expiresIn = Math.round((auth.sessionClaims.exp * 1000 - nowMs) / 1000);
  const rows = [
    ['session', auth.sessionId],
    [
      'organization role',
      auth.orgRole ?? 'none (the Frontend API minted this token; the demo page adds the role)',
    ],
    ['second factor age (minutes)', auth.factorVerificationAge?.[1] ?? 'not in this token'],
    ['session token expires in', `${expiresIn} s`],
  ];
  return [
    `<p data-testid="account-who">Signed in as <strong>${escapeHtml(auth.userId)}</strong>.</p>`,
    `<dl>${rows.map(([name, value]) => `<dt>${escapeHtml(name)}</dt><dd>${escapeHtml(value)}</dd>`).join('')}</dl>`,
  ];
}

function handshakeLine(count) {
  if (count === 0) {
    return '<p data-testid="account-handshake">No handshake on the way here: the cookies this browser sent were good as they were.</p>';
  }
  return (
    '<p data-testid="account-handshake">Arrived through a handshake: a moment ago the app sent this ' +
    'browser through the Frontend API, which sent it back with fresh cookies ' +
    `(<code>${REDIRECT_COUNT}=${count}</code>, which the handshake's redirect sets for 2 s).</p>`
  );
}

/** The /account page for this request's auth object and its `Cookie` header. */
export function renderAccount(auth, cookieHeader, nowMs = Date.now()) {
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Account · sessionguard demo</title>
${HEAD_LINKS}
</head>
<body>
<h1>Account</h1>
<p>Rendered on the server from the <code>__session</code> cookie. Reload it after the session token
has expired: the app sends the browser once through the Frontend API (the handshake) and renders
this page signed in with the fresh cookies it brings back.</p>
${whoLines(auth, nowMs).join('\n')}
${handshakeLine(redirectCount(cookieHeader))}
<p><a href="/">Back to the demo page</a></p>
</body>
</html>
`;
}
