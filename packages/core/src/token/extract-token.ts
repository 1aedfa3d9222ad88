import { TokenVerificationErrorReason as Reason } from '../errors.js';
import { AFTER_COMMA, cookieValues } from './cookies.js';
import { MAX_TOKEN_LENGTH } from './decode-jwt.js';
import { countRawHeader, type RequestLike, readHeader } from './request-like.js';
import { opaqueTokenType, TOKEN_TYPE_NAMES } from './token-type.js';

export type TokenSource = 'header' | 'cookie';

export type ExtractedToken =
  | { token: string; source: TokenSource }
  | { token: null; reason: string; message: string /** A token-like value was sent. */; sent: boolean };

export interface CookieNames {
  /** `__session_<suffix>` when a publishable key names the instance; preferred when present. */
  suffixed: string | undefined;
  plain: string;
}

const NONE: readonly string[] = Object.freeze([]);

const BARE_JWT = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

const missing: ExtractedToken = Object.freeze({
  token: null,
  reason: Reason.SessionTokenMissing,
  message: 'No session token: no Authorization Bearer header and no session cookie.',
  sent: false,
});

function rejected(reason: string, message: string): ExtractedToken {
  return { token: null, reason, message, sent: true };
}

function checked(token: string, source: TokenSource): ExtractedToken {
  if (token.length === 0)
    return rejected(Reason.TokenInvalid, `The ${source} carries an empty session token.`);
  if (token.length > MAX_TOKEN_LENGTH) {
    return rejected(Reason.TokenInvalid, `The session token is longer than ${MAX_TOKEN_LENGTH} characters.`);
  }
  return { token, source };
}

/** `value` starts with "bearer" in any ASCII case (what `slice(0, 6).toLowerCase() === 'bearer'` tests), without allocating. */
function isBearerScheme(value: string): boolean {
  // `c | 0x20` folds only 'B'/'b' onto 'b' (and so on): every target is a letter. No other
  // character lowercases to one of these six letters.
  return (
    (value.charCodeAt(0) | 0x20) === 0x62 &&
    (value.charCodeAt(1) | 0x20) === 0x65 &&
    (value.charCodeAt(2) | 0x20) === 0x61 &&
    (value.charCodeAt(3) | 0x20) === 0x72 &&
    (value.charCodeAt(4) | 0x20) === 0x65 &&
    (value.charCodeAt(5) | 0x20) === 0x72
  );
}

/**
 * Reads the authorization header: `Bearer <token>` (scheme in any case, one space), or a bare JWT
 * (Clerk). Returns undefined for other schemes, which are not session tokens.
 */
function fromAuthorization(value: string): ExtractedToken | undefined {
  if (value.length >= 6 && isBearerScheme(value)) {
    if (value.length === 6)
      return rejected(Reason.TokenInvalid, 'The Authorization header has the Bearer scheme but no token.');
    const separator = value[6];
    if (separator === ' ') return checked(value.slice(7), 'header');
    if (separator === '\t' || separator === '\r' || separator === '\n') {
      return rejected(
        Reason.TokenInvalid,
        'The Authorization header must separate Bearer and the token by one space.',
      );
    }
  }
  return BARE_JWT.test(value) ? checked(value, 'header') : undefined;
}

/**
 * SPEC §3 steps 1 and 4 alone: the token of the Authorization header, or its refusal; undefined when
 * the header does not decide (absent, empty, or another scheme), so the cookie is read (§3, or §12).
 */
export function extractHeaderToken(request: RequestLike): ExtractedToken | undefined {
  const authorization = readHeader(request, 'authorization');
  if (authorization !== undefined) {
    if (Array.isArray(authorization)) {
      if (authorization.length > 1)
        return rejected(Reason.TokenAmbiguous, 'Two Authorization headers were sent.');
    }
    const value = Array.isArray(authorization) ? authorization[0] : authorization;
    if (value !== undefined && value.length > 0) {
      // A comma never occurs in a token: it is how fetch-style Headers join repeated headers.
      if (value.includes(',') || countRawHeader(request, 'authorization') > 1) {
        return rejected(Reason.TokenAmbiguous, 'Two Authorization headers were sent.');
      }
      return fromAuthorization(value);
    }
  }
  return undefined;
}

/** SPEC §3: header first (and then only the header), else the session cookie; never query or body. */
export function extractToken(request: RequestLike, cookies: CookieNames): ExtractedToken {
  const fromHeader = extractHeaderToken(request);
  if (fromHeader !== undefined) return fromHeader;
  const cookieHeader = readHeader(request, 'cookie');
  if (cookieHeader === undefined) return missing;
  const header = Array.isArray(cookieHeader) ? cookieHeader.join('; ') : cookieHeader;
  if (!header.includes(cookies.plain)) return missing;
  let values: readonly string[] | typeof AFTER_COMMA =
    cookies.suffixed === undefined ? NONE : cookieValues(header, cookies.suffixed);
  if (values !== AFTER_COMMA && values.length === 0) values = cookieValues(header, cookies.plain);
  if (values === AFTER_COMMA) {
    return rejected(
      Reason.TokenAmbiguous,
      'A session cookie comes after a comma in the Cookie header, which parsers read two ways (pairs are separated by ";").',
    );
  }
  const distinct = new Set(values.filter((v) => v.length > 0));
  if (distinct.size > 1) return rejected(Reason.TokenAmbiguous, 'Two different session cookies were sent.');
  const [token] = distinct;
  if (token === undefined) return missing;
  // SPEC §3.7: a machine token counts only in the Authorization header. A machine JWT in a cookie
  // is refused as token-type-mismatch by the verifier's type check (step 3).
  const machineType = opaqueTokenType(token);
  if (machineType !== undefined) {
    return rejected(
      Reason.TokenTypeMismatch,
      `The session cookie carries ${TOKEN_TYPE_NAMES[machineType]}: machine tokens count only in the Authorization header.`,
    );
  }
  return checked(token, 'cookie');
}
