function decodedName(raw: string): string {
  try {
    return decodeURIComponent(raw.replace(/\+/g, ' '));
  } catch {
    return raw;
  }
}

/**
 * The URL without the named query parameters (matched by their decoded name, as URLSearchParams
 * does), every other parameter kept in its order and its bytes (ours: Clerk re-encodes the query,
 * `%20` becoming `+`). The fragment is kept.
 */
export function withoutParams(url: URL, names: ReadonlySet<string>): string {
  const search = url.search;
  if (search.length <= 1) return url.href;
  const kept = search
    .slice(1)
    .split('&')
    .filter((pair) => {
      const equals = pair.indexOf('=');
      return !names.has(decodedName(equals === -1 ? pair : pair.slice(0, equals)));
    });
  const query = kept.length === 0 ? '' : `?${kept.join('&')}`;
  return `${url.origin}${url.pathname}${query}${url.hash}`;
}
