import { ConfigurationError } from '../errors.js';
import { unknownOptionMessage } from '../util/nearest-name.js';

// Every option each guard takes, its hooks (RequireAuthOptions, RequireReverificationOptions) included:
// a key outside these is a misspelling that would otherwise leave the route less guarded than written.
export const AUTH_GUARD_OPTIONS: readonly string[] = [
  'signInUrl',
  'acceptsToken',
  'role',
  'permission',
  'feature',
  'plan',
  'scope',
  'onUnauthenticated',
  'onForbidden',
];
export const REVERIFICATION_GUARD_OPTIONS: readonly string[] = [
  'routes',
  'onUnauthenticated',
  'onNeedsReverification',
];

/** A guard's options, checked once at construction: an object, with no key the guard does not know. */
export function checkGuardOptions(options: unknown, known: readonly string[], where: string): void {
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new ConfigurationError(
      'invalid-option',
      `${where} takes an options object; got ${options === null ? 'null' : Array.isArray(options) ? 'an array' : `a ${typeof options}`}.`,
    );
  }
  const unknown = unknownOptionMessage(options, known, where);
  if (unknown !== undefined) throw new ConfigurationError('invalid-option', unknown);
}
