/**
 * The pathname a route pattern is matched against: no query or fragment, percent-decoded, repeated
 * `/` collapsed, one trailing `/` dropped. Returns undefined when the path does not decode, so that
 * callers can fail closed (guards match, exclusions do not).
 */
export function normalizePath(urlOrPath: string): string | undefined {
  let path = urlOrPath;
  if (!path.startsWith('/')) {
    // Absolute URL (WHATWG requests) or absolute-form request target.
    const scheme = path.indexOf('://');
    if (scheme !== -1) {
      const slash = path.indexOf('/', scheme + 3);
      path = slash === -1 ? '/' : path.slice(slash);
    } else {
      path = `/${path}`;
    }
  }
  const query = path.search(/[?#]/);
  if (query !== -1) path = path.slice(0, query);
  if (path.includes('%')) {
    try {
      path = decodeURIComponent(path);
    } catch {
      return undefined;
    }
  }
  if (path.includes('//')) path = path.replace(/\/{2,}/g, '/');
  if (path.length > 1 && path.endsWith('/')) path = path.slice(0, -1);
  return path;
}
