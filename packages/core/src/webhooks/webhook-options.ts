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
  const store = storeOf(options);
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

/** The option values a verifier was built from: compared on each call, so a change takes effect at once. */
interface Built {
  toleranceInSeconds: number | undefined;
  replayProtection: boolean | undefined;
  store: CacheStore | undefined;
  now: (() => number) | undefined;
  /** The secret in use: the option's, or the env variable's when the option is not given. */
  secret: string;
  verifier: WebhookVerifier;
}

const storeOf = (options: WebhookOptions) => options.cacheStore ?? options.authenticator?.options?.cacheStore;

function unchanged(built: Built, options: WebhookOptions): boolean {
  return (
    built.toleranceInSeconds === options.toleranceInSeconds &&
    built.replayProtection === options.replayProtection &&
    built.store === storeOf(options) &&
    built.now === options.now
  );
}

// Built once per options object (and per env secret when none is given), not once per delivery,
// and built again when the object's values change (SPEC §10: options are read on each call).
const byOptions = new WeakMap<WebhookOptions, Built>();
let fromEnv: { secret: string; verifier: WebhookVerifier } | undefined;

export function webhookVerifier(options: WebhookOptions | undefined): WebhookVerifier {
  if (options === undefined || options.signingSecret === undefined) {
    // The env variable is read on each call too.
    const secret = resolveSigningSecret(undefined);
    if (options !== undefined) return cached(options, secret);
    if (fromEnv?.secret !== secret) fromEnv = { secret, verifier: buildVerifier({ signingSecret: secret }) };
    return fromEnv.verifier;
  }
  return cached(options, options.signingSecret);
}

function cached(options: WebhookOptions, secret: string): WebhookVerifier {
  const built = byOptions.get(options);
  if (built !== undefined && unchanged(built, options) && built.secret === secret) return built.verifier;
  const verifier = buildVerifier({ ...options, signingSecret: secret });
  byOptions.set(options, {
    toleranceInSeconds: options.toleranceInSeconds,
    replayProtection: options.replayProtection,
    store: storeOf(options),
    now: options.now,
    secret,
    verifier,
  });
  return verifier;
}
