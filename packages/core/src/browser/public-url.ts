import { type RequestLike, readHeader, requestUrl } from '../token/request-like.js';

function firstValue(value: string | string[] | undefined): string | undefined {
  const text = Array.isArray(value) ? value[0] : value;
  if (text === undefined) return undefined;
  const first = text.split(',')[0]?.trim();
  return first === '' ? undefined : first;
}

/**
 * SPEC §12.1: the request URL with its origin from the first value of `x-forwarded-proto` and
 * `x-forwarded-host` when present, else the URL's own scheme (http for a path-only Node URL) and the
 * `Host` header. Undefined when no origin can be made of them: then nothing is redirected.
 */
export function publicUrl(request: RequestLike): URL | undefined {
  const raw = requestUrl(request);
  let given: URL | undefined;
  try {
    given = raw.startsWith('/') ? undefined : new URL(raw);
  } catch {
    given = undefined;
  }
  const proto = (
    firstValue(readHeader(request, 'x-forwarded-proto')) ??
    given?.protocol.slice(0, -1) ??
    'http'
  ).toLowerCase();
  const host =
    firstValue(readHeader(request, 'x-forwarded-host')) ??
    firstValue(readHeader(request, 'host')) ??
    given?.host;
  if (host === undefined || (proto !== 'http' && proto !== 'https')) return given;
  // Concatenated, not resolved: a path like `//other.example/x` stays a path on this origin.
  const target = given === undefined ? raw : `${given.pathname}${given.search}`;
  let origin: URL;
  try {
    origin = new URL(`${proto}://${host}`);
  } catch {
    return given;
  }
  // A Host header with a path, a query or credentials in it is not an origin: keep the request's own.
  if (origin.href !== `${origin.origin}/` || origin.username !== '' || origin.password !== '') return given;
  try {
    return new URL(`${origin.origin}${target}`);
  } catch {
    return given;
  }
}
