import type { AnyAuthenticator } from '../authenticator.js';
import { type HttpOutcome, jsonOutcome } from '../http/http-outcome.js';
import { findPathAmbiguity } from '../routes/ambiguous-path.js';
import { type RequestLike, requestUrl } from '../token/request-like.js';

const PATH_AMBIGUOUS: HttpOutcome = Object.freeze(
  jsonOutcome(400, { error: 'bad_request', reason: 'path-ambiguous' }),
);

/**
 * SPEC §7.1, for adapters, first thing per request: the 400 to answer when the request target's
 * path has two readings and `rejectAmbiguousPaths` is on, else undefined. `target` is the raw
 * request target when the adapter has it (Node's `req.url`); otherwise the request's URL is read.
 * A plain path costs one pass over its characters and no allocation.
 */
export function ambiguousPathOutcome(
  authenticator: AnyAuthenticator,
  request: RequestLike | string,
): HttpOutcome | undefined {
  // `options` is optional on an authenticator of your own: the refusal is then on, as by default.
  if (authenticator.options?.rejectAmbiguousPaths === false) return undefined;
  const target = typeof request === 'string' ? request : requestUrl(request);
  if (findPathAmbiguity(target) === undefined) return undefined;
  return { ...PATH_AMBIGUOUS, headers: { ...PATH_AMBIGUOUS.headers } };
}
