import { ConfigurationError } from '../errors.js';
import type { CacheStore } from '../types/cache-store.js';
import { defaultReplayStore, ReplayGuard } from './replay-guard.js';
import { SignatureChecker } from './signature.js';
import { resolveSigningSecret } from './signing-secret.js';

export interface WebhookOptions {
  /** The endpoint's `whsec_…` secret; else `CLERK_WEBHOOK_SIGNING_SECRET`. */
  signingSecret?: string;
  /** How far the delivery's timestamp may be from `now`, either way; default 300 (Clerk, Svix). */
  toleranceInSeconds?: number;
  /** Refuse an id seen before within the tolerance window; default true. */
  replayProtection?: boolean;
  /** Where seen ids are kept (share one across instances, e.g. `@sessionguard/redis`); default in memory, bounded. */
  cacheStore?: CacheStore;
  /**
   * An authenticator whose `cacheStore` keeps the seen ids when `cacheStore` is not given (SPEC §10:
   * "the authenticator's or the given cacheStore"), so one store serves lookups and webhooks alike.
   */
  authenticator?: { readonly options?: { readonly cacheStore?: CacheStore | undefined } };
  /** Injectable clock, milliseconds since the epoch; default `Date.now`. */
  now?: () => number;
}

/** Options checked once, with what they need built: the signer and the replay guard. */
export interface WebhookVerifier {
  toleranceInSeconds: number;
  now: () => number;
  signature: SignatureChecker;
  replay: ReplayGuard | undefined;
}

const DEFAULT_TOLERANCE_IN_SECONDS = 300;

function invalidOption(name: string, expected: string): ConfigurationError {
  return new ConfigurationError(
    'invalid-option',
    `Option ${name} (an option only; no env variable) must be ${expected}.`,
  );
}

function buildVerifier(options: WebhookOptions): WebhookVerifier {
  const secret = resolveSigningSecret(options.signingSecret);
  const tolerance = options.toleranceInSeconds ?? DEFAULT_TOLERANCE_IN_SECONDS;
  if (typeof tolerance !== 'number' || !Number.isFinite(tolerance) || tolerance < 0) {
    throw invalidOption('toleranceInSeconds', 'a finite number of seconds, 0 or more');
  }
  if (options.now !== undefined && typeof options.now !== 'function') {
    throw invalidOption('now', 'a function returning milliseconds since the epoch');
  }
  if (options.replayProtection !== undefined && typeof options.replayProtection !== 'boolean') {
    throw invalidOption('replayProtection', 'true or false');
  }
  const store = options.cacheStore ?? options.authenticator?.options?.cacheStore;
  if (
    store !== undefined &&
    (typeof store?.get !== 'function' ||
      typeof store.set !== 'function' ||
      typeof store.delete !== 'function')
  ) {
    throw invalidOption('cacheStore', 'a CacheStore: an object with get, set and delete');
  }
  return {
    toleranceInSeconds: tolerance,
    now: options.now ?? Date.now,
    signature: new SignatureChecker(secret),
    replay:
      options.replayProtection === false ? undefined : new ReplayGuard(store ?? defaultReplayStore(), secret),
  };
}

// Built once per options object (and per env secret when none is given), not once per delivery.
const byOptions = new WeakMap<WebhookOptions, WebhookVerifier>();
let fromEnv: { secret: string; verifier: WebhookVerifier } | undefined;

export function webhookVerifier(options: WebhookOptions | undefined): WebhookVerifier {
  if (options === undefined) {
    const secret = resolveSigningSecret(undefined);
    if (fromEnv?.secret !== secret) fromEnv = { secret, verifier: buildVerifier({ signingSecret: secret }) };
    return fromEnv.verifier;
  }
  let verifier = byOptions.get(options);
  if (verifier === undefined) {
    verifier = buildVerifier(options);
    byOptions.set(options, verifier);
  }
  return verifier;
}
