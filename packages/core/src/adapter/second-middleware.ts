import type { AnyAuthenticator } from '../authenticator.js';
import type { AuthOptions } from '../options.js';

/** What a second middleware warns with: through the logger's `warn` when it has one, else the console. */
type Warn = (message: string) => void;

/** `source` is options, an authenticator (its options) or a tenant function (no logger of its own). */
function warnerOf(source: object): Warn {
  const options = typeof source === 'function' ? undefined : (source as Partial<AnyAuthenticator>);
  const logger = (options?.options?.logger ?? (options as AuthOptions | undefined)?.logger) as
    | { warn?: (message: string) => void }
    | undefined;
  const warn = logger?.warn;
  return typeof warn === 'function' ? (message) => warn.call(logger, message) : console.warn;
}

/** Two option objects with the same own keys and the same values (`Object.is`) ask for the same thing. */
function sameInput(a: object, b: object): boolean {
  if (a === b) return true;
  if (typeof a === 'function' || typeof b === 'function') return false;
  if (Object.getPrototypeOf(a) !== Object.prototype || Object.getPrototypeOf(b) !== Object.prototype)
    return false; // an authenticator is the same only as itself
  const keysA = Object.keys(a);
  const keysB = Object.keys(b);
  if (keysA.length !== keysB.length) return false;
  const recordA = a as Record<string, unknown>;
  const recordB = b as Record<string, unknown>;
  return keysA.every((key) => Object.hasOwn(recordB, key) && Object.is(recordA[key], recordB[key]));
}

/**
 * A second clerkMiddleware met a request that an earlier one already authenticated (SPEC §6): the
 * first result stays, as Clerk's does. When this one was given something else than the first (other
 * options, another tenant function), it says once, for its app, what is ignored and what to write.
 */
export function createSecondMiddlewareWarning(mine: object): (firstSource: object | undefined) => void {
  let warned = false;
  return (firstSource) => {
    if (warned || (firstSource !== undefined && sameInput(firstSource, mine))) return;
    warned = true;
    const given = typeof mine === 'function' ? 'its tenant function' : 'its options';
    warnerOf(mine)(
      `sessionguard: a second clerkMiddleware ran on a request an earlier one had already authenticated; ${given} (acceptsToken, authorizedParties, keys and every other option) are ignored and the first result stays. To ask more of some routes, guard them instead: requireAuth({ acceptsToken: 'api_key' }), requireAuth({ role: 'org:admin' }), requireReverification('strict'). This warning is given once.`,
    );
  };
}
