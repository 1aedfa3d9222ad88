import { FactoryNotCalledError } from '@sessionguard/core';
import type { Middleware } from './response.js';

/**
 * A factory the app gave to the framework uncalled has just been called by it as middleware, with
 * (req, res, next): the error goes to next (the app's error handler), and the middleware returned,
 * should anything run it, does the same. Without a next to call (a bare Node server) it throws.
 */
export function notCalled(
  frameworkArguments: readonly unknown[],
  factory: string,
  call: string,
): Middleware<unknown, unknown> {
  const error = new FactoryNotCalledError(factory, call);
  const next = frameworkArguments[frameworkArguments.length - 1];
  if (typeof next !== 'function') throw error;
  next(error);
  return (_req, _res, laterNext) => laterNext(error);
}
