import { AFTER_COMMA, cookieValues } from '../token/cookies.js';
import type { BrowserCookieNames, CookiePair } from './cookie-names.js';

/** The raw value of every cookie §12 reads; an empty value counts as absent (Clerk). */
export interface CookieJar {
  readonly session: string | undefined;
  readonly sessionSuffixed: string | undefined;
  readonly clientUat: string | undefined;
  readonly clientUatSuffixed: string | undefined;
  readonly devBrowser: string | undefined;
  readonly devBrowserSuffixed: string | undefined;
  readonly refresh: string | undefined;
  readonly refreshSuffixed: string | undefined;
  readonly handshake: string | undefined;
  readonly handshakeNonce: string | undefined;
  readonly redirectCount: string | undefined;
}

const EMPTY_JAR: CookieJar = Object.freeze({
  session: undefined,
  sessionSuffixed: undefined,
  clientUat: undefined,
  clientUatSuffixed: undefined,
  devBrowser: undefined,
  devBrowserSuffixed: undefined,
  refresh: undefined,
  refreshSuffixed: undefined,
  handshake: undefined,
  handshakeNonce: undefined,
  redirectCount: undefined,
});

/** Thrown inside `readCookieJar` only: one name sent with two different values (SPEC §3.4). */
class Ambiguous {
  constructor(readonly name: string) {}
}

function one(header: string, name: string): string | undefined {
  const values = cookieValues(header, name);
  // A pair reached only after a comma can be read two ways (SPEC §3.2).
  if (values === AFTER_COMMA) throw new Ambiguous(name);
  let found: string | undefined;
  for (const value of values) {
    if (value.length === 0) continue;
    if (found !== undefined && found !== value) throw new Ambiguous(name);
    found = value;
  }
  return found;
}

/** Two cookies of one name (different paths, say) only ever raise the loop counter: take the highest. */
function highest(header: string, name: string): string | undefined {
  const values = cookieValues(header, name);
  if (values === AFTER_COMMA) throw new Ambiguous(name);
  let found: string | undefined;
  for (const value of values) {
    if (value.length > 0 && (found === undefined || (Number(value) || 0) > (Number(found) || 0)))
      found = value;
  }
  return found;
}

function both(header: string, pair: CookiePair): [string | undefined, string | undefined] {
  return [one(header, pair.plain), one(header, pair.suffixed)];
}

/**
 * Reads the browser cookies of one request. Returns the name that was sent twice with two
 * different values instead, which makes the request `token-ambiguous`.
 */
export function readCookieJar(
  header: string | string[] | undefined,
  names: BrowserCookieNames,
): CookieJar | { ambiguous: string } {
  if (header === undefined) return EMPTY_JAR;
  const text = Array.isArray(header) ? header.join('; ') : header;
  if (!text.includes('__') && !text.includes(names.session.plain)) return EMPTY_JAR;
  try {
    const [session, sessionSuffixed] = both(text, names.session);
    const [clientUat, clientUatSuffixed] = both(text, names.clientUat);
    const [devBrowser, devBrowserSuffixed] = both(text, names.devBrowser);
    const [refresh, refreshSuffixed] = both(text, names.refresh);
    return {
      session,
      sessionSuffixed,
      clientUat,
      clientUatSuffixed,
      devBrowser,
      devBrowserSuffixed,
      refresh,
      refreshSuffixed,
      handshake: one(text, names.handshake),
      handshakeNonce: one(text, names.handshakeNonce),
      redirectCount: highest(text, names.redirectCount),
    };
  } catch (error) {
    if (error instanceof Ambiguous) return { ambiguous: error.name };
    throw error;
  }
}
