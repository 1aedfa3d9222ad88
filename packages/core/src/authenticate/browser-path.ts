// The browser-session layer (SPEC §12) as the authenticator wires it: built once per tenant with a
// publishable key, from the authenticator's own verifier and signed-in states. Without a publishable
// key there is none, and a cookie is the plain token carrier of §3.

import { type BrowserSession, createBrowserSession } from '../browser/browser-session.js';
import { DEVELOPMENT_RETRY_SKEW_IN_MS } from '../browser/deps.js';
import { resolveBrowserSettings } from '../browser/settings.js';
import type { CryptoPlatform } from '../crypto/platform.js';
import type { KeySource } from '../keys/key-source.js';
import type { ResolvedOptions } from '../options/types.js';
import { TokenVerifier } from '../verify/token-verifier.js';
import type { SignedInStates } from './states.js';

/** Undefined without a publishable key; throws a ConfigurationError for a malformed one. */
export function createBrowserPath(
  options: ResolvedOptions,
  keySource: KeySource,
  platform: CryptoPlatform,
  verifier: TokenVerifier,
  states: SignedInStates,
): BrowserSession | undefined {
  const settings = resolveBrowserSettings(options);
  if (settings === undefined) return undefined;
  // The 24 h skew retry of a development resolution (§12.5) only. No cache: a verdict it gives must
  // never answer a later check made with the configured skew.
  const relaxed =
    settings.instance === 'development'
      ? new TokenVerifier(
          { ...options, clockSkewInMs: DEVELOPMENT_RETRY_SKEW_IN_MS, tokenCacheMax: 0 },
          keySource,
          platform,
        )
      : undefined;
  const { logger } = options;
  const writeLine = logger?.warn === undefined ? console.warn : (line: string) => logger.warn?.(line);
  return createBrowserSession(settings, {
    verifySession: (token, opts) =>
      opts?.clockSkewInMs === undefined || relaxed === undefined
        ? verifier.verifyEntry(token)
        : relaxed.verifyEntry(token),
    knownClaims: (token) => verifier.knownClaims(token),
    signedIn: (verification) => states.session(verification),
    keys: keySource,
    platform,
    fetch: options.fetch,
    now: options.now,
    logger,
    warn: oncePerInterval(writeLine, options.now),
  });
}

/** How often one operator line (a handshake loop, clock skew) may be repeated. */
export const OPERATOR_LINE_INTERVAL_MS = 60_000;

/**
 * Each distinct line at most once per interval: a loop stopped on every request (or a client that
 * sends `__clerk_redirect_count=3` on purpose) must not flood the logs. The lines are a few fixed
 * texts, so the map stays small.
 */
export function oncePerInterval(write: (line: string) => void, now: () => number): (line: string) => void {
  const lastWritten = new Map<string, number>();
  return (line) => {
    const at = now();
    const last = lastWritten.get(line);
    if (last !== undefined && at - last < OPERATOR_LINE_INTERVAL_MS) return;
    lastWritten.set(line, at);
    write(line);
  };
}
