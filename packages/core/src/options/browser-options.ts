// The options of SPEC §12.1 (browser sessions): the handshake switch, the Frontend API proxy and the
// satellite options, which are refused until satellites are supported.

import { ConfigurationError } from '../errors.js';
import { isLoopbackHostname } from '../util/loopback.js';
import { invalidOption, kindOf, optionLabel } from './option-errors.js';

const TRUE = /^(1|true|yes)$/i;
const FALSE = /^(0|false|no|)$/i;

/** A boolean option, else its env variable read as 1/true/yes or 0/false/no; undefined when neither. */
export function envBooleanOption(
  name: string,
  value: unknown,
  envValue: string | undefined,
): boolean | undefined {
  if (value !== undefined) {
    if (typeof value !== 'boolean') throw invalidOption(name, 'true or false', kindOf(value));
    return value;
  }
  if (envValue === undefined) return undefined;
  if (TRUE.test(envValue.trim())) return true;
  if (FALSE.test(envValue.trim())) return false;
  throw invalidOption(name, 'true or false (1/true/yes or 0/false/no in the env variable)');
}

/** `isSatellite: true` cannot work yet: refused at construction (SPEC §12.1). */
export function satelliteOption(value: boolean | undefined): false {
  if (value === true) {
    throw new ConfigurationError(
      'invalid-option',
      `Option ${optionLabel('isSatellite')}: satellite domains are not supported yet; leave it unset or false.`,
    );
  }
  return false;
}

const PROXY_URL =
  'a path starting with one "/" or an absolute https: URL without credentials, query or fragment (http: only for loopback hosts)';

/**
 * `proxyUrl`: an absolute base without trailing slashes, or a path (resolved per request against the
 * public origin). Undefined when not given. A normalized value reads as itself.
 */
export function proxyUrlOption(value: unknown): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') throw invalidOption('proxyUrl', PROXY_URL, kindOf(value));
  if (value.startsWith('/')) {
    if (value.startsWith('//') || value.includes('\\') || /[?#\s]/.test(value)) {
      throw invalidOption('proxyUrl', PROXY_URL);
    }
    return value.replace(/\/+$/, '');
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw invalidOption('proxyUrl', PROXY_URL, 'a value that is not an absolute URL');
  }
  const secure = url.protocol === 'https:' || (url.protocol === 'http:' && isLoopbackHostname(url.hostname));
  if (!secure || url.username !== '' || url.password !== '' || url.search !== '' || url.hash !== '') {
    throw invalidOption('proxyUrl', PROXY_URL);
  }
  return `${url.origin}${url.pathname}`.replace(/\/+$/, '');
}
