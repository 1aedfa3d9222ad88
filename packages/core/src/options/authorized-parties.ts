// authorizedParties (SPEC §2.1, §4.1 step 9): `azp` must equal one entry exactly, so an entry that
// can never equal a browser's origin (a trailing slash, a path, an upper-case host, no scheme) would
// refuse every token without a word; and an empty one would turn the check off. Both are refused at
// start-up, with the corrected value. A plain name (no ":" and no "/") is an OAuth client id, which
// is what `azp` holds at other issuers (Keycloak).

import { ConfigurationError } from '../errors.js';
import { invalidOption, kindOf, optionLabel } from './option-errors.js';
import { commaList } from './value-options.js';

const EXPECTED = 'a list of origins (scheme://host[:port]), or one string of comma-separated origins';
/** host[:port][/path] written without a scheme. */
const SCHEMELESS = /^([^\s/:?#@]+)(:\d{1,5})?(?:[/?#].*)?$/;

function notAnOrigin(entry: string, fix: string): ConfigurationError {
  return new ConfigurationError(
    'invalid-option',
    `Option ${optionLabel('authorizedParties')} lists ${JSON.stringify(entry.slice(0, 200))}, which no token's azp can equal: an entry is an origin (scheme://host[:port], no path, no trailing slash, lower-case host); did you mean ${fix}?`,
  );
}

/** The origin an entry with a scheme names: scheme, lower-case host, port; nothing else. */
function originOf(url: URL): string {
  if (url.protocol === 'http:' || url.protocol === 'https:') return url.origin;
  return `${url.protocol}//${url.host.toLowerCase()}`;
}

function checkedEntry(entry: string): string {
  if (entry.includes('://')) {
    let url: URL | undefined;
    try {
      url = new URL(entry);
    } catch {
      url = undefined;
    }
    if (url === undefined || url.host === '')
      throw invalidOption('authorizedParties', EXPECTED, JSON.stringify(entry.slice(0, 200)));
    const origin = originOf(url);
    if (origin !== entry) throw notAnOrigin(entry, `'${origin}'`);
    return entry;
  }
  if (!entry.includes(':') && !entry.includes('/')) return entry;
  const schemeless = SCHEMELESS.exec(entry);
  if (schemeless === null)
    throw invalidOption('authorizedParties', EXPECTED, JSON.stringify(entry.slice(0, 200)));
  const hostAndPort = `${schemeless[1]?.toLowerCase()}${schemeless[2] ?? ''}`;
  throw notAnOrigin(entry, `'http://${hostAndPort}' or 'https://${hostAndPort}'`);
}

/** The option (a list, or a comma list in one string), else the env variable's comma list. */
export function authorizedPartiesOption(value: unknown, envValue: string | undefined): readonly string[] {
  let entries: string[];
  if (value === undefined) {
    entries = envValue === undefined ? [] : commaList(envValue);
  } else if (typeof value === 'string') {
    entries = commaList(value);
    // Given, yet naming nothing: it would leave the azp check off.
    if (entries.length === 0) throw invalidOption('authorizedParties', EXPECTED, 'an empty string');
  } else if (Array.isArray(value) && value.every((item) => typeof item === 'string')) {
    entries = value.map((item: string) => item.trim());
    if (entries.includes(''))
      throw invalidOption('authorizedParties', EXPECTED, 'a list with an empty entry');
  } else {
    throw invalidOption('authorizedParties', EXPECTED, kindOf(value));
  }
  return Object.freeze(entries.map(checkedEntry));
}
