const LOOPBACK_IPV4 = /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/;

/**
 * Loopback hosts, the only ones that may be reached over plain `http:` (SPEC §2.1): 127.0.0.0/8,
 * `localhost` and `[::1]`. Takes a WHATWG `URL.hostname`, which has already folded case and
 * rewritten other IPv4/IPv6 spellings (`127.1`, `[0::1]`) to these forms.
 */
export function isLoopbackHostname(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || LOOPBACK_IPV4.test(hostname);
}
