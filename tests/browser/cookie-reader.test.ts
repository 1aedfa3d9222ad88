import { createCookieJarReader, readCookieJar } from '@sessionguard/core/internal/browser/cookie-jar.js';
import { browserCookieNames } from '@sessionguard/core/internal/browser/cookie-names.js';
import { describe, expect, it } from 'vitest';

// The one-pass cookie reader (createCookieJarReader) against the plain way it replaces, one search
// of the header per name (readCookieJar): the same jar and the same ambiguous name, on many random
// and hostile Cookie headers.

const SUFFIX = 'aB3_-x9Z';
const NAMES = browserCookieNames('__session', SUFFIX);

/** A small deterministic generator (mulberry32), so a failure is the same on every run. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(next: () => number, items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;

const JWT_LIKE = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ1c2VyXzEifQ.c2lnbmF0dXJl';

function namePool(names: ReturnType<typeof browserCookieNames>): string[] {
  const { session, clientUat, devBrowser, refresh } = names;
  const wanted = [
    ...[session, clientUat, devBrowser, refresh].flatMap((pair) => [pair.plain, pair.suffixed]),
    names.handshake,
    names.handshakeNonce,
    names.redirectCount,
  ];
  // Near misses: a prefix, a longer name, another case, a name inside a value.
  const near = wanted.flatMap((name) => [`x${name}`, `${name}x`, name.toUpperCase(), name.slice(1)]);
  return [...wanted, ...wanted, ...near, 'theme', 'a', '', ' ', '__'];
}

const VALUES = [
  '',
  '0',
  '1',
  '2',
  '10',
  '1700000000',
  '-1',
  'abc',
  'NaN',
  JWT_LIKE,
  `${JWT_LIKE}x`,
  `"${JWT_LIKE}"`,
  '"',
  '""',
  '"a',
  '%41%42',
  '%E0%A4%A',
  '%',
  'a%20b',
  ' spaced ',
  '\tx\t',
  'a=b',
  '__session=inner',
  '=',
  'x'.repeat(300),
];

const SEPARATORS = ['; ', ';', ', ', ',', ' ; ', ';\t', ';;', '', ' ', '\t', ';\n', '=', '; ,'];

function randomHeader(next: () => number, pool: readonly string[]): string {
  const pairs = 1 + Math.floor(next() * 8);
  let header = next() < 0.2 ? pick(next, [' ', '\t', ';', ',', '=']) : '';
  for (let i = 0; i < pairs; i++) {
    if (i > 0) header += pick(next, SEPARATORS);
    const roll = next();
    if (roll < 0.08)
      header += pick(next, VALUES); // a pair without a name
    else if (roll < 0.12)
      header += pick(next, pool); // a name without `=`
    else header += `${pick(next, pool)}${next() < 0.05 ? ' ' : ''}=${pick(next, VALUES)}`;
  }
  if (next() < 0.2) header += pick(next, SEPARATORS);
  return header;
}

function expectSameReading(
  names: ReturnType<typeof browserCookieNames>,
  headers: Iterable<string | string[]>,
) {
  const onePass = createCookieJarReader(names);
  let checked = 0;
  for (const header of headers) {
    expect(onePass(header), JSON.stringify(header)).toEqual(readCookieJar(header, names));
    checked++;
  }
  return checked;
}

describe('the one-pass cookie reader reads what the per-name reader reads', () => {
  it('on hand-written headers: the values, both kinds of ambiguity, the highest counter', () => {
    const read = createCookieJarReader(NAMES);
    const s = NAMES.session.suffixed;
    expect(
      read(`__session=a; __client_uat=5; ${s}=b; __clerk_redirect_count=1; __clerk_redirect_count=3`),
    ).toEqual({
      ...readCookieJar('', NAMES),
      session: 'a',
      clientUat: '5',
      sessionSuffixed: 'b',
      redirectCount: '3',
    });
    expect(read('__session=a; __session=b')).toEqual({ ambiguous: '__session' });
    expect(read('__session=a; __session=a; __session=')).toMatchObject({ session: 'a' });
    expect(read('theme=dark,__client_uat=1')).toEqual({ ambiguous: '__client_uat' });
    expect(read('__clerk_redirect_count=1; __clerk_redirect_count=2')).toMatchObject({ redirectCount: '2' });
    expect(read('x=1,__clerk_redirect_count=2')).toEqual({ ambiguous: '__clerk_redirect_count' });
    // The first ambiguous name in the jar's order is the one reported, wherever it is in the header.
    expect(read('__clerk_handshake=1; __clerk_handshake=2; __session=a; __session=b')).toEqual({
      ambiguous: '__session',
    });
    expect(read(['__session=a', '__session=b'])).toEqual({ ambiguous: '__session' });
    expect(read(undefined)).toEqual(readCookieJar(undefined, NAMES));
  });

  it('on 20,000 random and hostile headers', () => {
    const next = random(0x5e55);
    const pool = namePool(NAMES);
    const headers = function* () {
      for (let i = 0; i < 20_000; i++) {
        yield next() < 0.1 ? [randomHeader(next, pool), randomHeader(next, pool)] : randomHeader(next, pool);
      }
    };
    expect(expectSameReading(NAMES, headers())).toBe(20_000);
  });

  it('with a session cookie name that shares a name with another cookie, or that needs the plain way', () => {
    const next = random(0xc00c1e);
    for (const sessionName of [
      '__client_uat',
      '__clerk_redirect_count',
      'sid',
      'my;session',
      'a=b',
      ' lead',
      'in side',
      'x,y',
    ]) {
      const names = browserCookieNames(sessionName, SUFFIX);
      const pool = [...namePool(names), sessionName, ...sessionName.split(/[;,= ]/)];
      const headers = function* () {
        for (let i = 0; i < 2_000; i++) yield randomHeader(next, pool);
      };
      expect(expectSameReading(names, headers())).toBe(2_000);
    }
  });

  it('on a long header of many pairs and a long value', () => {
    const many = Array.from({ length: 2_000 }, (_, i) => `c${i}=${i}`).join('; ');
    const long = `a=${'x'.repeat(100_000)}; __session=${JWT_LIKE}; b=${';'.repeat(1_000)},__client_uat=1`;
    const noEquals = `${';'.repeat(5_000)}${','.repeat(5_000)}__session`;
    expect(expectSameReading(NAMES, [many, `${many}; __session=v`, long, noEquals])).toBe(4);
  });
});
