import { type RequestLike, readHeader } from '../token/request-like.js';

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/**
 * SPEC §12.1: a GET for a document (`sec-fetch-dest` document or iframe; without that header, an
 * `Accept` that starts with text/html). Only a navigation is ever redirected: a fetch, an image or
 * a form POST would get a 307 it cannot follow (Clerk's rule).
 */
export function isNavigation(method: string, request: RequestLike): boolean {
  if (method !== 'GET') return false;
  const dest = first(readHeader(request, 'sec-fetch-dest'));
  if (dest === 'document' || dest === 'iframe') return true;
  if (dest !== undefined && dest !== '') return false;
  return first(readHeader(request, 'accept'))?.startsWith('text/html') === true;
}
