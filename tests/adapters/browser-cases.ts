import { ROUTE_COOKIE } from './app-description.js';
import { invalid401 } from './cases.js';
import type { Case } from './harness.js';

// SPEC §12.4–12.5 on every adapter: a state with a location is answered by the adapter itself (307,
// empty body, every header, each Set-Cookie its own header; the route and its guards never run), and
// any other state's cookies reach the response the route sends, beside the route's own.
// `browser.example` is a development instance (issuer a), `live.example` a production one.

const navigation = { accept: 'text/html,application/xhtml+xml', 'sec-fetch-dest': 'document' };
const fetchCall = { accept: 'application/json', 'sec-fetch-dest': 'empty' };
const EXPIRED = 'session-token-expired-refresh-non-eligible-no-refresh-cookie';
const REDIRECT_COUNT = '__clerk_redirect_count=1; Max-Age=2; Path=/; HttpOnly; SameSite=Lax';
const directives = (name: string) => [0, 1, 2].map((index) => `{{${name}-directive-${index}}}`);

export const browserCases: Case[] = [
  {
    name: 'SPEC §12.4: a navigation with no dev browser gets the handshake 307, the guarded route never runs',
    path: '/me',
    host: 'browser.example',
    headers: navigation,
    expect: {
      status: 307,
      body: '',
      headers: {
        location:
          '{{dev-fapi}}/v1/client/handshake?redirect_url=http%3A%2F%2Fbrowser.example%2Fme&__clerk_api_version=2026-05-12&suffixed_cookies=false&__clerk_hs_reason=dev-browser-missing&format=nonce',
        'cache-control': 'no-store',
        'x-clerk-auth-status': 'handshake',
        'x-clerk-auth-reason': 'dev-browser-missing',
      },
      setCookie: [REDIRECT_COUNT],
    },
  },
  {
    name: 'SPEC §12.4: an expired browser cookie on a navigation is a handshake 307 on an unguarded route too',
    path: '/public',
    host: 'browser.example',
    headers: { ...navigation, cookie: '{{browser-expired}}' },
    expect: {
      status: 307,
      body: '',
      headers: { 'x-clerk-auth-status': 'handshake', 'x-clerk-auth-reason': EXPIRED },
      setCookie: [REDIRECT_COUNT],
    },
  },
  {
    name: 'SPEC §12.3: a fetch with an expired browser cookie under requireAuth is 401, never a 307',
    path: '/me',
    host: 'browser.example',
    headers: { ...fetchCall, cookie: '{{browser-expired}}' },
    expect: { ...invalid401(EXPIRED), setCookie: [] },
  },
  {
    name: "SPEC §12.4: a guard's own verification that yields a handshake is signed out with its reason, never a 307",
    path: '/machine/api-key',
    host: 'guard-handshake.example',
    bearer: 'api-key',
    headers: navigation,
    expect: { ...invalid401('dev-browser-missing'), setCookie: [] },
  },
  {
    name: 'SPEC §12.5: production serves the page signed in, every directive a Set-Cookie, the route’s own kept',
    path: '/cookie',
    host: 'live.example',
    headers: { ...navigation, cookie: '__clerk_handshake={{live-handshake}}' },
    expect: {
      status: 200,
      json: { route: 'cookie', auth: { isAuthenticated: true, userId: 'user_alice' } },
      headers: { 'cache-control': 'private, no-store', location: null },
      setCookie: [...directives('live'), ROUTE_COOKIE],
    },
  },
  {
    name: 'SPEC §12.5: a development resolution is a 307 to the clean URL with its cookies, the route never runs',
    path: '/cookie?__clerk_handshake={{dev-handshake}}&x=1',
    host: 'browser.example',
    headers: navigation,
    expect: {
      status: 307,
      body: '',
      headers: { location: 'http://browser.example/cookie?x=1', 'cache-control': 'private, no-store' },
      setCookie: directives('dev'),
    },
  },
];
