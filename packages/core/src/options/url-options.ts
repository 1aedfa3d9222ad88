// URL-shaped options: endpoints a secret or a key set travels to.

import { isLoopbackHostname } from '../util/loopback.js';
import { invalidOption } from './option-errors.js';

const HTTPS_URL =
  'an absolute https: URL without credentials (http: only for loopback hosts: 127.0.0.0/8, localhost, [::1])';

/** jwksUrl / apiUrl: a key set or a secret key must never travel in clear text to another host. */
export function endpointUrl(name: 'jwksUrl' | 'apiUrl', value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw invalidOption(name, HTTPS_URL, 'a value that is not an absolute URL');
  }
  const scheme = url.protocol.slice(0, 16);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopbackHostname(url.hostname))) {
    throw invalidOption(name, HTTPS_URL, url.protocol === 'http:' ? 'http: to a non-loopback host' : scheme);
  }
  if (url.username !== '' || url.password !== '')
    throw invalidOption(name, HTTPS_URL, 'a URL with credentials');
  return value;
}
