import { ConfigurationError } from '../errors.js';
import { processEnv } from '../util/env.js';

export const SIGNING_SECRET_ENV = 'CLERK_WEBHOOK_SIGNING_SECRET';

/** `whsec_` and standard base64 of at least one byte, as Clerk's dashboard shows it. */
const SIGNING_SECRET =
  /^whsec_(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=|[A-Za-z0-9+/]{4})$/;

function invalid(expected: string): ConfigurationError {
  return new ConfigurationError(
    'invalid-option',
    `Option signingSecret (${SIGNING_SECRET_ENV}) must be ${expected}. It is the endpoint's "Signing Secret" in Clerk's dashboard.`,
  );
}

/** The option, else the env variable; checked here so that a bad secret fails before any delivery. */
export function resolveSigningSecret(option: unknown): string {
  if (option !== undefined && typeof option !== 'string')
    throw invalid('a string: whsec_ followed by base64');
  const secret = (option ?? processEnv(SIGNING_SECRET_ENV))?.trim();
  if (!secret) throw invalid('set: whsec_ followed by base64');
  // Never echo the secret, not even a part of it.
  if (!SIGNING_SECRET.test(secret)) throw invalid('whsec_ followed by base64');
  return secret;
}
