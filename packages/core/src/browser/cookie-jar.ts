import { AFTER_COMMA, cookieValues, isScannableCookieName, scanCookies } from '../token/cookies.js';
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

/** The jar of one request, or the name sent twice with two different values (token-ambiguous). */
export type CookieJarReading = CookieJar | { ambiguous: string };

/** Reads the jar of a Cookie header; built once per tenant (createCookieJarReader). */
export type CookieJarReader = (header: string | string[] | undefined) => CookieJarReading;

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
function isHigher(value: string, found: string | undefined): boolean {
  return value.length > 0 && (found === undefined || (Number(value) || 0) > (Number(found) || 0));
}

function highest(header: string, name: string): string | undefined {
  const values = cookieValues(header, name);
  if (values === AFTER_COMMA) throw new Ambiguous(name);
  let found: string | undefined;
  for (const value of values) if (isHigher(value, found)) found = value;
  return found;
}

function both(header: string, pair: CookiePair): [string | undefined, string | undefined] {
  return [one(header, pair.plain), one(header, pair.suffixed)];
}

function headerText(header: string | string[], names: BrowserCookieNames): string | undefined {
  const text = Array.isArray(header) ? header.join('; ') : header;
  return !text.includes('__') && !text.includes(names.session.plain) ? undefined : text;
}

/**
 * Reads the browser cookies of one request, one search of the header per name: the plain way,
 * which createCookieJarReader's one pass matches (and stands in for, for names it cannot scan).
 * Returns the name that was sent twice with two different values instead.
 */
export function readCookieJar(
  header: string | string[] | undefined,
  names: BrowserCookieNames,
): CookieJarReading {
  const text = header === undefined ? undefined : headerText(header, names);
  if (text === undefined) return EMPTY_JAR;
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

/** The names of the jar's fields in readCookieJar's order (the first ambiguous one is reported); the counter last. */
function fieldNames(names: BrowserCookieNames): string[] {
  const { session, clientUat, devBrowser, refresh } = names;
  return [
    ...[session, clientUat, devBrowser, refresh].flatMap((pair) => [pair.plain, pair.suffixed]),
    names.handshake,
    names.handshakeNonce,
    names.redirectCount,
  ];
}

/** What one pass gathers per distinct name (a slot): the first non-empty value, and the doubts. */
interface Scan {
  readonly first: (string | undefined)[];
  /** Bit per slot: a pair of it came after a comma. */
  afterComma: number;
  /** Bit per slot: two different non-empty values. */
  twoValues: number;
  /** The highest value of the redirect counter's slot. */
  highest: string | undefined;
  readonly counterSlot: number;
}

function gather(scan: Scan, slot: number, value: string, afterComma: boolean): void {
  if (afterComma) scan.afterComma |= 1 << slot;
  if (slot === scan.counterSlot && isHigher(value, scan.highest)) scan.highest = value;
  if (value.length === 0) return;
  const found = scan.first[slot];
  if (found === undefined) scan.first[slot] = value;
  else if (found !== value) scan.twoValues |= 1 << slot;
}

/**
 * readCookieJar in one pass over the header for every name at once (SPEC §12 reads eleven): the
 * same jar, and the same name reported for the same ambiguity. Falls back to readCookieJar when a
 * name (the configured session cookie name) is one a single pass cannot match.
 */
export function createCookieJarReader(names: BrowserCookieNames): CookieJarReader {
  const perField = fieldNames(names);
  if (!perField.every(isScannableCookieName)) return (header) => readCookieJar(header, names);
  const slots = new Map<string, number>();
  for (const name of perField) if (!slots.has(name)) slots.set(name, slots.size);
  const fieldSlots = perField.map((name) => slots.get(name) as number);
  const counter = perField.length - 1;
  const counterSlot = fieldSlots[counter] as number;
  const longestName = Math.max(...perField.map((name) => name.length));
  const [s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0, s6 = 0, s7 = 0, s8 = 0, s9 = 0] = fieldSlots;
  return (header) => {
    const text = header === undefined ? undefined : headerText(header, names);
    if (text === undefined) return EMPTY_JAR;
    const scan: Scan = {
      first: new Array<string | undefined>(slots.size).fill(undefined),
      afterComma: 0,
      twoValues: 0,
      highest: undefined,
      counterSlot,
    };
    scanCookies(text, slots, longestName, scan, gather);
    if ((scan.afterComma | scan.twoValues) !== 0) {
      for (let field = 0; field < perField.length; field++) {
        const doubts = field === counter ? scan.afterComma : scan.afterComma | scan.twoValues;
        if ((doubts & (1 << (fieldSlots[field] as number))) !== 0) {
          return { ambiguous: perField[field] as string };
        }
      }
    }
    const { first } = scan;
    return {
      session: first[s0],
      sessionSuffixed: first[s1],
      clientUat: first[s2],
      clientUatSuffixed: first[s3],
      devBrowser: first[s4],
      devBrowserSuffixed: first[s5],
      refresh: first[s6],
      refreshSuffixed: first[s7],
      handshake: first[s8],
      handshakeNonce: first[s9],
      redirectCount: scan.highest,
    };
  };
}
