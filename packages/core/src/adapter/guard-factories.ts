import type { ReverificationConfig, ReverificationPreset } from '../auth/reverification.js';
import { FactoryNotCalledError } from '../http/factory-not-called.js';
import {
  type GuardCheck,
  type RequireAuthOptions,
  type RequireReverificationOptions,
  requireAuthCheck,
  requireReverificationCheck,
} from '../http/guard-checks.js';

/** The right call of each factory, as the app writes it: the FactoryNotCalledError shows it. */
export interface GuardUsage {
  requireAuth: string;
  requireReverification: string;
}

/** `requireAuth` and `requireReverification` (SPEC §6) for a framework whose guards are `G`. */
export interface GuardFactories<H, G> {
  requireAuth(options?: RequireAuthOptions<H>, ...callWithParentheses: never[]): G;
  requireReverification(
    preset?: ReverificationPreset | ReverificationConfig,
    options?: RequireReverificationOptions<H>,
    ...callWithParentheses: never[]
  ): G;
}

/**
 * Builds the two factories around `guard`, which turns a compiled check into the framework's handler.
 * `callWithParentheses` takes nothing: an uncalled factory that the framework runs as a handler gets
 * the framework's arguments there (or, with two of them, a function where the options go), and throws.
 */
export function createGuardFactories<H, G>(
  guard: (check: GuardCheck<H>) => G,
  usage: GuardUsage,
): GuardFactories<H, G> {
  return {
    requireAuth(options = {}, ...callWithParentheses) {
      if (callWithParentheses.length > 0) throw new FactoryNotCalledError('requireAuth', usage.requireAuth);
      return guard(requireAuthCheck(options));
    },
    requireReverification(preset = 'strict', options = {}, ...callWithParentheses) {
      if (callWithParentheses.length > 0 || typeof (options as unknown) === 'function') {
        throw new FactoryNotCalledError('requireReverification', usage.requireReverification);
      }
      return guard(requireReverificationCheck(preset, options));
    },
  };
}
