// Hostile-input corpus: requests an attacker can send, each with the specific reason our core gives.
// Built against a real test issuer (its JWKS is extended with keys we must never use), plus a second
// local HTTP server standing in for attacker-controlled URLs (jku, x5u): it counts requests, and the
// tests assert it received none.
import {
  createHmac,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
  randomBytes,
  sign,
} from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AuthOptions } from '@sessionguard/core';
import type { TestIssuer } from '@sessionguard/testing';

export interface HostileCase {
  name: string;
  /** What Node's IncomingMessage.headers would hold (lower-case names; a list for a repeated header). */
  headers: Record<string, string | string[]>;
  /** The header list as sent on the wire, when Node's folded `headers` hide something (a repeat). */
  rawHeaders?: string[];
  expectedReason: string;
  /** Tokens the request carries: none may appear in the message, the debug headers or a response. */
  secrets: string[];
}

export interface AttackerServer {
  url: string;
  /** Requests received: every test asserts this stays 0. */
  readonly requests: number;
  close(): Promise<void>;
}

export interface HostileCorpus {
  cases: HostileCase[];
  /** The verifier configuration the expected reasons are for: the issuer's JWKS, RS256 and ES256. */
  authOptions: AuthOptions;
  /** A valid token from the issuer (some cases pair an attack with it: it must not rescue the request). */
  validToken: string;
  attacker: AttackerServer;
  close(): Promise<void>;
}

const R = {
  missing: 'session-token-missing',
  ambiguous: 'token-ambiguous',
  invalid: 'token-invalid',
  typeMismatch: 'token-type-mismatch',
  algorithm: 'token-invalid-algorithm',
  kid: 'jwk-kid-mismatch',
  signature: 'token-invalid-signature',
  failed: 'token-verification-failed',
  expired: 'token-expired',
  notActive: 'token-not-active-yet',
  iatFuture: 'token-iat-in-the-future',
  pending: 'session-pending',
} as const;

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
/** SPEC §3: an Authorization value with no scheme is taken when it has the shape of a JWT. */
const BARE_JWT = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;
/** Characters a cookie value carries unchanged (no quotes, separators, spaces or percent signs). */
const COOKIE_SAFE = /^[A-Za-z0-9._-]+$/;
/** P-256 group order. */
const P256_N = 'ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551';

const b64 = (value: unknown): string =>
  (Buffer.isBuffer(value)
    ? value
    : Buffer.from(typeof value === 'string' ? value : JSON.stringify(value))
  ).toString('base64url');

/** RFC 4648 §3.5: unpadded base64url whose last character leaves no unused bit set. */
function isCanonicalBase64Url(segment: string): boolean {
  if (!/^[A-Za-z0-9_-]*$/.test(segment) || segment.length % 4 === 1) return false;
  const rest = segment.length % 4;
  if (rest === 0) return true;
  return (ALPHABET.indexOf(segment.charAt(segment.length - 1)) & (rest === 2 ? 0x0f : 0x03)) === 0;
}

function rs256(header: unknown, payload: unknown, key: KeyObject): string {
  const input = `${b64(header)}.${b64(payload)}`;
  return `${input}.${sign('sha256', Buffer.from(input), key).toString('base64url')}`;
}

function hs(bits: 256 | 384 | 512, header: unknown, payload: unknown, secret: string | Buffer): string {
  const input = `${b64(header)}.${b64(payload)}`;
  return `${input}.${createHmac(`sha${bits}`, secret).update(input).digest('base64url')}`;
}

async function startAttackerServer(jwks: unknown): Promise<AttackerServer> {
  let requests = 0;
  const server = createServer((_request, response) => {
    requests++;
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(JSON.stringify(jwks));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    get requests() {
      return requests;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

interface TokenAttack {
  name: string;
  token: string;
  reason: string;
}

interface Placement {
  name: string;
  /** Whether this placement can carry the token at all (cookies cannot carry `;`, spaces, quotes…). */
  carries(token: string): boolean;
  headers(token: string, valid: string): Record<string, string>;
  reason(token: string, reason: string): string;
  withValid?: boolean;
}

const PLACEMENTS: Placement[] = [
  {
    name: 'Bearer',
    carries: () => true,
    headers: (t) => ({ authorization: `Bearer ${t}` }),
    reason: (_t, r) => r,
  },
  {
    name: 'bare Authorization',
    carries: (t) => t.length > 0,
    headers: (t) => ({ authorization: t }),
    // Not shaped like a JWT: not a session token, so the (absent) cookie is looked at instead.
    reason: (t, r) => (BARE_JWT.test(t) ? r : R.missing),
  },
  {
    name: '__session cookie',
    carries: (t) => COOKIE_SAFE.test(t),
    headers: (t) => ({ cookie: `__session=${t}` }),
    reason: (_t, r) => r,
  },
  {
    name: 'Bearer beside a valid cookie (the header wins)',
    carries: (t) => t.length > 0,
    headers: (t, valid) => ({ authorization: `Bearer ${t}`, cookie: `__session=${valid}` }),
    reason: (_t, r) => r,
    withValid: true,
  },
];

/** One of these per attack, in turn, so each attack also meets a less common spelling. */
const EXTRA_PLACEMENTS: Placement[] = [
  {
    name: 'lower-case bearer',
    carries: () => true,
    headers: (t) => ({ authorization: `bearer ${t}` }),
    reason: (_t, r) => r,
  },
  {
    name: 'cookie among others',
    carries: (t) => COOKIE_SAFE.test(t),
    headers: (t) => ({ cookie: `theme=dark; __session=${t}; _ga=GA1.2.3.4` }),
    reason: (_t, r) => r,
  },
  {
    name: 'quoted cookie',
    carries: (t) => COOKIE_SAFE.test(t),
    headers: (t) => ({ cookie: `__session="${t}"` }),
    reason: (_t, r) => r,
  },
];

const secretsOf = (...tokens: string[]): string[] => tokens.filter((t) => t.length >= 20);

export async function buildHostileCorpus(issuer: TestIssuer): Promise<HostileCorpus> {
  if (issuer.alg !== 'RS256') throw new Error('the hostile corpus is built for an RS256 issuer');
  const now = Math.floor(Date.now() / 1000);
  const kid = issuer.currentKid;

  // Keys published in the issuer's JWKS that must never verify anything.
  const weakKid = await issuer.addKey({ modulusLength: 1024 });
  const encKid = await issuer.addKey({ use: 'enc' });
  const esKid = await issuer.addKey({ alg: 'ES256' });
  const octSecret = randomBytes(32);
  issuer.addPublishedJwk({
    kty: 'oct',
    kid: 'hmac-1',
    alg: 'HS256',
    use: 'sig',
    k: octSecret.toString('base64url'),
  });
  const leaked = generateKeyPairSync('rsa', { modulusLength: 2048 });
  issuer.addPublishedJwk({
    ...leaked.privateKey.export({ format: 'jwk' }),
    kid: 'leaked-1',
    alg: 'RS256',
    use: 'sig',
  });

  // The attacker's own key and server.
  const attackerKeys = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const attackerJwk = {
    ...attackerKeys.publicKey.export({ format: 'jwk' }),
    kid: 'attacker-1',
    alg: 'RS256',
    use: 'sig',
  };
  const attacker = await startAttackerServer({ keys: [attackerJwk] });

  const validToken = await issuer.mintSessionToken({ userId: 'user_hostile', expiresInSeconds: 3600 });
  const otherToken = await issuer.mintSessionToken({ userId: 'user_other', expiresInSeconds: 3600 });
  const [vh, vp, vs] = validToken.split('.') as [string, string, string];
  const otherSignature = otherToken.split('.')[2]!;
  const header = { alg: 'RS256', kid, typ: 'JWT', cat: 'cl_B7d4PD111AAA' };
  const claims = {
    sub: 'user_hostile',
    sid: 'sess_hostile',
    iss: issuer.url,
    azp: 'http://localhost:3000',
    iat: now,
    nbf: now,
    exp: now + 3600,
  };
  const claimsJson = (overrides: string): string => {
    const base = JSON.stringify(claims);
    return `${base.slice(0, -1)},${overrides}}`;
  };
  const signed = (h: Record<string, unknown>, p: Record<string, unknown> | string = claims): string =>
    issuer.signJwt(h, p);
  /** Header and payload as given, with the valid token's signature (made for other bytes). */
  const forged = (h: string, p: string = vp, s: string = vs): string => `${h}.${p}.${s}`;
  const publicPem = issuer.publicKeyPem;
  const publicKey = createPublicKey(publicPem);
  const publicJwk = publicKey.export({ format: 'jwk' });

  const attacks: TokenAttack[] = [];
  const add = (name: string, token: string, reason: string) => attacks.push({ name, token, reason });

  // alg: none (and its spellings): refused at the allow-list, whatever the signature.
  for (const none of ['none', 'None', 'NONE', 'nOnE']) {
    add(`alg ${none}, signature stripped`, `${b64({ ...header, alg: none })}.${vp}.`, R.algorithm);
  }
  add('alg none keeping the RSA signature', forged(b64({ ...header, alg: 'none' })), R.algorithm);
  add('alg none without kid', `${b64({ alg: 'none', typ: 'JWT' })}.${vp}.`, R.algorithm);
  add('alg none, two parts only', `${b64({ alg: 'none' })}.${vp}`, R.invalid);
  add('alg missing', signed({ kid, typ: 'JWT' }), R.algorithm);
  add('alg as a list', signed({ ...header, alg: ['RS256'] }), R.algorithm);

  // Algorithm confusion: HMAC keyed with the RSA public key, in every form a verifier might hold it.
  const hmacSecrets: [string, string | Buffer][] = [
    ['PEM', publicPem],
    ['PEM without trailing newline', publicPem.trim()],
    ['JWK JSON', JSON.stringify(publicJwk)],
    ['SPKI DER', publicKey.export({ format: 'der', type: 'spki' })],
    ['modulus bytes', Buffer.from(publicJwk.n!, 'base64url')],
  ];
  for (const [form, secret] of hmacSecrets) {
    add(
      `HS256 keyed with the RSA public key (${form})`,
      hs(256, { ...header, alg: 'HS256' }, claims, secret),
      R.algorithm,
    );
  }
  add(
    'HS384 keyed with the RSA public key (PEM)',
    hs(384, { ...header, alg: 'HS384' }, claims, publicPem),
    R.algorithm,
  );
  add(
    'HS512 keyed with the RSA public key (PEM)',
    hs(512, { ...header, alg: 'HS512' }, claims, publicPem),
    R.algorithm,
  );
  add(
    'HS256 with the published oct key',
    hs(256, { ...header, alg: 'HS256', kid: 'hmac-1' }, claims, octSecret),
    R.algorithm,
  );

  // kid: never a path, a query, or anything but an exact key-set lookup.
  const kids: [string, unknown][] = [
    ['path traversal', '../../../../../../etc/passwd'],
    ['absolute path', '/dev/null'],
    ['Windows traversal', '..\\..\\..\\windows\\win.ini'],
    ['percent-encoded traversal', '%2e%2e%2f%2e%2e%2fetc%2fpasswd'],
    ['SQL injection', "' OR '1'='1"],
    ['SQL statement', '1; DROP TABLE jwks; --'],
    ['NUL byte', `${kid}\u0000`],
    ['10 KB', 'k'.repeat(10 * 1024)],
    ['URL', `${attacker.url}/jwks.json`],
    ['empty string', ''],
    ['number', 123],
    ['null', null],
    ['object', { kid }],
    ['list of the real kid', [kid]],
    ['real kid with trailing space', `${kid} `],
    ['real kid upper-cased', kid.toUpperCase() === kid ? `${kid}X` : kid.toUpperCase()],
    ['__proto__', '__proto__'],
    ['constructor', 'constructor'],
    ['unicode look-alike', `${kid}\u200b`],
  ];
  for (const [label, value] of kids) add(`kid ${label}`, signed({ ...header, kid: value }), R.kid);
  add('kid missing', signed({ alg: 'RS256', typ: 'JWT' }), R.kid);
  const badUtf8Header = Buffer.concat([
    Buffer.from('{"alg":"RS256","kid":"'),
    Buffer.from([0xff, 0xfe, 0xc0]),
    Buffer.from('"}'),
  ]);
  add('kid with invalid UTF-8', forged(b64(badUtf8Header)), R.kid);

  // Keys from the token header: never fetched, never used.
  const attackerHeaders: [string, Record<string, unknown>][] = [
    ['jku', { jku: `${attacker.url}/jwks.json` }],
    ['x5u', { x5u: `${attacker.url}/cert.pem` }],
    ['jwk', { jwk: attackerJwk }],
    ['x5c', { x5c: [attackerKeys.publicKey.export({ format: 'der', type: 'spki' }).toString('base64')] }],
    [
      'jku, x5u, jwk and x5c',
      {
        jku: `${attacker.url}/jwks.json`,
        x5u: `${attacker.url}/cert.pem`,
        jwk: attackerJwk,
        x5c: ['MIIB'],
      },
    ],
  ];
  for (const [label, extra] of attackerHeaders) {
    add(
      `${label} header to the attacker, attacker kid`,
      rs256({ ...header, ...extra, kid: 'attacker-1' }, claims, attackerKeys.privateKey),
      R.kid,
    );
    add(
      `${label} header to the attacker, real kid`,
      rs256({ ...header, ...extra }, claims, attackerKeys.privateKey),
      R.signature,
    );
  }

  // Header shapes the core refuses outright, though the issuer's key signed them.
  for (const [label, crit] of [
    ['["exp"]', ['exp']],
    ['[]', []],
    ['"b64"', 'b64'],
    ['["x-custom"] with x-custom', ['x-custom']],
  ] as const) {
    add(`crit ${label}`, signed({ ...header, crit, 'x-custom': 1 }), R.invalid);
  }
  for (const value of [false, 'false', 0, null]) {
    add(`b64: ${JSON.stringify(value)}`, signed({ ...header, b64: value }), R.invalid);
  }
  add('b64: false with crit ["b64"]', signed({ ...header, b64: false, crit: ['b64'] }), R.invalid);
  for (const typ of ['JWS', '', 1]) add(`typ ${JSON.stringify(typ)}`, signed({ ...header, typ }), R.invalid);
  // SPEC §4.1 step 3: an access token (at+jwt) is a well-formed token of another type.
  add('typ "at+jwt"', signed({ ...header, typ: 'at+jwt' }), R.typeMismatch);
  for (const cat of ['cl_other', ''])
    add(`cat ${JSON.stringify(cat)}`, signed({ ...header, cat }), R.typeMismatch);

  // Header that is not a JSON object.
  const rawHeaders: [string, string, string][] = [
    ['not JSON', 'not json', R.invalid],
    ['truncated JSON', '{"alg":"RS256"', R.invalid],
    ['an empty JSON array', '[]', R.invalid],
    ['a JSON array holding the header', JSON.stringify([header]), R.invalid],
    ['JSON null', 'null', R.invalid],
    ['a JSON number', '42', R.invalid],
    ['a JSON string', '"RS256"', R.invalid],
    ['JSON true', 'true', R.invalid],
    ['JSON with a byte-order mark', `\ufeff${JSON.stringify(header)}`, R.invalid],
    ['duplicate alg, none last', `{"alg":"RS256","kid":"${kid}","alg":"none"}`, R.algorithm],
    ['1 MB', JSON.stringify({ ...header, pad: 'x'.repeat(1024 * 1024) }), R.invalid],
    ['nested 10,000 levels', `${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}`, R.invalid],
    ['nested 4,000 levels within the size limit', `${'['.repeat(4000)}${']'.repeat(4000)}`, R.invalid],
    [
      'with a member nested 4,000 levels (forged signature)',
      `{"alg":"RS256","kid":"${kid}","x":${'['.repeat(4000)}${']'.repeat(4000)}}`,
      R.signature,
    ],
  ];
  for (const [label, text, reason] of rawHeaders) add(`header ${label}`, forged(b64(text)), reason);
  add('header segment empty', `.${vp}.${vs}`, R.invalid);

  // Payload that is not a JSON object.
  const rawPayloads: [string, string, string][] = [
    ['not JSON', 'not json', R.invalid],
    ['an empty JSON array', '[]', R.invalid],
    ['a JSON array holding the claims', JSON.stringify([claims]), R.invalid],
    ['JSON null', 'null', R.invalid],
    ['a JSON string', '"user_hostile"', R.invalid],
    ['a JSON number', '1', R.invalid],
    ['NaN', `{"sub":"user_hostile","exp":NaN}`, R.invalid],
    ['1 MB', JSON.stringify({ ...claims, pad: 'x'.repeat(1024 * 1024) }), R.invalid],
    ['nested 10,000 levels', `${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}`, R.invalid],
    ['nested 4,000 levels within the size limit', `${'['.repeat(4000)}${']'.repeat(4000)}`, R.invalid],
    [
      'with a claim nested 4,000 levels (forged signature)',
      claimsJson(`"x":${'['.repeat(4000)}${']'.repeat(4000)}`),
      R.signature,
    ],
  ];
  for (const [label, text, reason] of rawPayloads) add(`payload ${label}`, forged(vh, b64(text)), reason);
  add('payload segment empty', `${vh}..${vs}`, R.invalid);

  // Claims the issuer signed that are still malformed: strings, overflow, non-finite values.
  const claimTexts: [string, string, string][] = [
    ['exp as a string', '"exp":"9999999999"', R.failed],
    ['exp as "NaN"', '"exp":"NaN"', R.failed],
    ['exp 1e309 (Infinity)', '"exp":1e309', R.failed],
    ['exp -1e309 (-Infinity)', '"exp":-1e309', R.failed],
    ['exp null', '"exp":null', R.failed],
    ['exp true', '"exp":true', R.failed],
    ['exp []', '"exp":[]', R.failed],
    ['exp {}', '"exp":{}', R.failed],
    ['exp 1e-309 (subnormal)', '"exp":1e-309', R.expired],
    ['exp 1e-400 (underflows to 0)', '"exp":1e-400', R.expired],
    ['exp 0', '"exp":0', R.expired],
    ['exp -1', '"exp":-1', R.expired],
    ['nbf as a string', '"nbf":"0"', R.failed],
    ['nbf 1e309', '"nbf":1e309', R.failed],
    ['nbf far in the future', `"nbf":${now + 10 * 365 * 86400}`, R.notActive],
    ['iat as a string', '"iat":"0"', R.failed],
    ['iat 1e309', '"iat":1e309', R.failed],
    ['iat far in the future', `"iat":${now + 10 * 365 * 86400}`, R.iatFuture],
    ['sub empty', '"sub":""', R.failed],
    ['sub a number', '"sub":123', R.failed],
    ['sub null', '"sub":null', R.failed],
    ['sub a list', '"sub":["user_hostile"]', R.failed],
    ['sts pending', '"sts":"pending"', R.pending],
  ];
  for (const [label, override, reason] of claimTexts)
    add(`claim ${label}`, signed(header, claimsJson(override)), reason);
  const { exp: _exp, ...withoutExp } = claims;
  add('claim exp missing', signed(header, withoutExp), R.failed);
  const { sub: _sub, ...withoutSub } = claims;
  add('claim sub missing', signed(header, withoutSub), R.failed);

  // Signature stripped, truncated, padded, re-encoded or replaced.
  add('signature stripped (two parts)', `${vh}.${vp}`, R.invalid);
  add('signature empty', `${vh}.${vp}.`, R.signature);
  for (const cut of [1, 2, 3, 4, 10, 100, vs.length - 1]) {
    const sig = vs.slice(0, vs.length - cut);
    add(
      `signature truncated by ${cut}`,
      `${vh}.${vp}.${sig}`,
      isCanonicalBase64Url(sig) ? R.signature : R.invalid,
    );
  }
  add('signature with "=" padding', `${validToken}=`, R.invalid);
  add('signature with "==" padding', `${validToken}==`, R.invalid);
  add(
    'signature in standard base64',
    `${vh}.${vp}.${Buffer.from(vs, 'base64url').toString('base64')}`,
    R.invalid,
  );
  add('signature all zero bits', `${vh}.${vp}.${'A'.repeat(vs.length)}`, R.signature);
  add('signature doubled', `${validToken}${vs}`, R.signature);
  add('signature of another token', `${vh}.${vp}.${otherSignature}`, R.signature);
  add('signature 1', `${vh}.${vp}.${b64(Buffer.concat([Buffer.alloc(255), Buffer.from([1])]))}`, R.signature);
  add('signature n (the modulus)', `${vh}.${vp}.${publicJwk.n}`, R.signature);
  const lastIndex = ALPHABET.indexOf(vs.charAt(vs.length - 1));
  add(
    'signature non-canonical last character',
    `${vh}.${vp}.${vs.slice(0, -1)}${ALPHABET.charAt(lastIndex ^ 1)}`,
    R.invalid,
  );
  add('fourth segment', `${validToken}.${vs}`, R.invalid);
  // The claims then stand in for the header: an object with no alg.
  add('segments swapped', `${vp}.${vh}.${vs}`, R.algorithm);

  // Whitespace and control characters inside the token.
  const inserts: [string, string][] = [
    ['space', ' '],
    ['tab', '\t'],
    ['line feed', '\n'],
    ['carriage return', '\r'],
    ['NUL', '\u0000'],
    ['DEL', '\u007f'],
    ['no-break space', '\u00a0'],
    ['zero-width space', '\u200b'],
    ['byte-order mark', '\ufeff'],
    ['line separator', '\u2028'],
  ];
  for (const [label, char] of inserts) {
    add(`${label} inside the header`, `${vh.slice(0, 10)}${char}${vh.slice(10)}.${vp}.${vs}`, R.invalid);
    add(`${label} before the signature`, `${vh}.${vp}.${char}${vs}`, R.invalid);
  }

  // Keys in the JWKS we must not use, and ECDSA psychic signatures (CVE-2022-21449).
  add(
    'signed by a published 1024-bit RSA key',
    issuer.signJwt({ ...header, kid: weakKid }, claims, { keyId: weakKid }),
    R.kid,
  );
  add(
    '1024-bit key signature under the real kid',
    issuer.signJwt(header, claims, { keyId: weakKid }),
    R.signature,
  );
  add(
    'signed by a published use:enc key',
    issuer.signJwt({ ...header, kid: encKid }, claims, { keyId: encKid }),
    R.kid,
  );
  add('RS256 naming the published oct key', signed({ ...header, kid: 'hmac-1' }), R.kid);
  add(
    'signed by a key whose private half the JWKS leaked',
    rs256({ ...header, kid: 'leaked-1' }, claims, leaked.privateKey),
    R.kid,
  );
  add(
    'signed by another issuer under the real kid',
    rs256(header, claims, attackerKeys.privateKey),
    R.signature,
  );
  const esHeader = { ...header, alg: 'ES256', kid: esKid };
  const zero = '00'.repeat(32);
  const one = `${'00'.repeat(31)}01`;
  const psychic: [string, string][] = [
    ['r = s = 0', zero + zero],
    ['r = s = n', P256_N + P256_N],
    ['r = 0, s = n', zero + P256_N],
    ['r = n, s = 0', P256_N + zero],
    ['r = 1, s = 0', one + zero],
    ['r = 0, s = 1', zero + one],
    ['DER-encoded r = s = 0', '3006020100020100'],
  ];
  for (const [label, hex] of psychic) {
    add(
      `ES256 psychic signature ${label} (CVE-2022-21449)`,
      `${b64(esHeader)}.${vp}.${b64(Buffer.from(hex, 'hex'))}`,
      R.signature,
    );
  }
  add('ES256 with an empty signature', `${b64(esHeader)}.${vp}.`, R.signature);
  add('RS256 naming the EC key', signed({ ...header, kid: esKid }), R.algorithm);
  add(
    'ES256 naming the RSA key',
    `${b64({ ...header, alg: 'ES256' })}.${vp}.${b64(Buffer.alloc(64))}`,
    R.algorithm,
  );
  for (const alg of ['ES384', 'PS256', 'EdDSA', 'RS512', 'rs256'])
    add(`alg ${alg} (not allowed)`, signed({ ...header, alg }), R.algorithm);

  // Every attack in every common placement, and in turn one less common spelling.
  const cases: HostileCase[] = [];
  attacks.forEach((attack, index) => {
    const placements = [...PLACEMENTS, EXTRA_PLACEMENTS[index % EXTRA_PLACEMENTS.length]!];
    for (const placement of placements) {
      if (!placement.carries(attack.token)) continue;
      cases.push({
        name: `${attack.name} [${placement.name}]`,
        headers: placement.headers(attack.token, validToken),
        expectedReason: placement.reason(attack.token, attack.reason),
        secrets: secretsOf(attack.token, ...(placement.withValid ? [validToken] : [])),
      });
    }
  });

  // Requests that are hostile in their headers rather than in a token.
  const tampered = `${vh}.${vp}.${otherSignature}`;
  const request = (
    name: string,
    headers: HostileCase['headers'],
    expectedReason: string,
    extra: Partial<HostileCase> = {},
  ) => cases.push({ name, headers, expectedReason, secrets: secretsOf(validToken, tampered), ...extra });
  request('Bearer with nothing after it', { authorization: 'Bearer' }, R.invalid);
  request('Bearer and one space', { authorization: 'Bearer ' }, R.invalid);
  request('Bearer and two spaces', { authorization: `Bearer  ${validToken}` }, R.invalid);
  request('Bearer and three spaces', { authorization: `Bearer   ${validToken}` }, R.invalid);
  request('Bearer and a tab', { authorization: `Bearer\t${validToken}` }, R.invalid);
  request('Bearer, a space and a tab', { authorization: `Bearer \t${validToken}` }, R.invalid);
  request('Bearer and a tab only', { authorization: 'Bearer\t' }, R.invalid);
  request('Bearer and a line feed', { authorization: `Bearer\n${validToken}` }, R.invalid);
  request('Bearer followed by 17 KB', { authorization: `Bearer ${'a'.repeat(17 * 1024)}` }, R.invalid);
  request('Bearer followed by 1 MB', { authorization: `Bearer ${'a.'.repeat(512 * 1024)}` }, R.invalid);
  request(
    'Bearer with the token twice, comma-joined',
    { authorization: `Bearer ${validToken}, Bearer ${validToken}` },
    R.ambiguous,
  );
  request('Bearer with a trailing comma', { authorization: `Bearer ${validToken},` }, R.ambiguous);
  request(
    'two Authorization headers, same valid token',
    { authorization: [`Bearer ${validToken}`, `Bearer ${validToken}`] },
    R.ambiguous,
  );
  request(
    'two Authorization headers, valid then tampered',
    { authorization: [`Bearer ${validToken}`, `Bearer ${tampered}`] },
    R.ambiguous,
  );
  request(
    'two Authorization headers, tampered then valid',
    { authorization: [`Bearer ${tampered}`, `Bearer ${validToken}`] },
    R.ambiguous,
  );
  request(
    'two Authorization headers folded by Node (rawHeaders shows both)',
    { authorization: `Bearer ${validToken}` },
    R.ambiguous,
    {
      rawHeaders: ['Authorization', `Bearer ${validToken}`, 'authorization', `Bearer ${tampered}`],
    },
  );
  request(
    'two Authorization headers folded by Node, valid second',
    { authorization: `Bearer ${tampered}` },
    R.ambiguous,
    {
      rawHeaders: ['Authorization', `Bearer ${tampered}`, 'AUTHORIZATION', `Bearer ${validToken}`],
    },
  );
  request('Basic credentials', { authorization: `Basic ${b64('admin:admin')}` }, R.missing);
  request('Token scheme with a valid token', { authorization: `Token ${validToken}` }, R.missing);
  request('Bearer: with a colon', { authorization: `Bearer:${validToken}` }, R.missing);
  request('empty Authorization', { authorization: '' }, R.missing);
  request('Authorization as an empty list', { authorization: [] }, R.missing);

  const manyCookies = Array.from({ length: 100 }, (_, i) => `c${i}=${'v'.repeat(i)}`).join('; ');
  request('100 cookies, no session', { cookie: manyCookies }, R.missing);
  request(
    '100 cookies and a tampered session',
    { cookie: `${manyCookies}; __session=${tampered}` },
    R.signature,
  );
  request(
    '100 cookies and two different sessions',
    { cookie: `__session=${validToken}; ${manyCookies}; __session=${tampered}` },
    R.ambiguous,
  );
  request(
    '100 cookies named __session, all different',
    {
      cookie: Array.from({ length: 100 }, (_, i) => `__session=${validToken}${i}`).join('; '),
    },
    R.ambiguous,
  );
  request(
    'duplicate __session cookies, valid then tampered',
    { cookie: `__session=${validToken}; __session=${tampered}` },
    R.ambiguous,
  );
  request(
    'duplicate __session cookies, tampered then valid',
    { cookie: `__session=${tampered}; __session=${validToken}` },
    R.ambiguous,
  );
  request(
    'duplicate __session cookies as two Cookie headers',
    { cookie: [`__session=${tampered}`, `__session=${validToken}`] },
    R.ambiguous,
  );
  request(
    'duplicate __session, one quoted',
    { cookie: `__session="${validToken}"; __session=${tampered}` },
    R.ambiguous,
  );
  request('cookie value with "="', { cookie: `__session=${validToken}=` }, R.invalid);
  request('cookie value with "=" inside', { cookie: `__session=${vh}=.${vp}.${vs}` }, R.invalid);
  request('cookie value cut by ";"', { cookie: `__session=${vh}.${vp};${vs}` }, R.invalid);
  request(
    'cookie value cut by ";" inside the signature',
    {
      cookie: `__session=${vh}.${vp}.${vs.slice(0, 20)};${vs.slice(20)}`,
    },
    R.signature,
  );
  request('cookie value with an unbalanced quote', { cookie: `__session="${validToken}` }, R.invalid);
  request('cookie value in single quotes', { cookie: `__session='${validToken}'` }, R.invalid);
  request('cookie value with a bad percent escape', { cookie: `__session=%ZZ${validToken}` }, R.invalid);
  request('cookie value of a lone percent sign', { cookie: '__session=%' }, R.invalid);
  request('cookie value with an inner space', { cookie: `__session=${vh}. ${vp}.${vs}` }, R.invalid);
  request('cookie of 1 MB, no session', { cookie: `big=${'x'.repeat(1024 * 1024)}` }, R.missing);
  request(
    'cookie of 1 MB holding the session value',
    { cookie: `__session=${'x'.repeat(1024 * 1024)}` },
    R.invalid,
  );
  request('cookie __session with no value', { cookie: '__session=' }, R.missing);
  request('cookie __session with no "="', { cookie: `__session; x=${validToken}` }, R.missing);
  request('cookie name with a space before "="', { cookie: `__session =${validToken}` }, R.missing);
  request('cookie name in another case', { cookie: `__Session=${validToken}` }, R.missing);
  request('cookie name with a prefix', { cookie: `x__session=${validToken}` }, R.missing);
  request('cookie name inside another value', { cookie: `a=__session=${validToken}` }, R.missing);

  return {
    cases,
    authOptions: { jwksUrl: issuer.jwksUrl, algorithms: ['RS256', 'ES256'] },
    validToken,
    attacker,
    close: () => attacker.close(),
  };
}
