import { AmbiguousPathError, ConfigurationError } from '../errors.js';
import { readPath } from './ambiguous-path.js';
import { type Glob, matchGlob, parseGlob } from './glob.js';

/**
 * Exact path (`/health`), `:name` segments (`/orgs/:id/settings`), a glob (`/public/*`, `*` = any run
 * of characters, `/` included), Clerk/Next style (`/sign-in(.*)`, the same as `*`), a RegExp, or a
 * predicate. RegExps and predicates get the decoded path without its trailing `/` (SPEC §7.2).
 */
export type RoutePattern = string | RegExp | ((path: string) => boolean);

export interface RouteMatcherOptions {
  /** Default false: Express routes case-insensitively, so a case-sensitive guard could be bypassed. */
  caseSensitive?: boolean;
}

export type PathOrRequest = string | { url?: string; path?: string };

/** `path` is decoded without its trailing `/`; `folded` is the same, lower-cased unless case-sensitive. */
type CompiledPattern = (path: string, folded: string) => boolean;

const FORMS =
  'a path starting with "/" (exact, with :name segments, * or (.*)), a RegExp, or a function (path) => boolean';

function patternError(label: string, detail: string): ConfigurationError {
  return new ConfigurationError('invalid-option', `${label} (no env variable) ${detail}; expected ${FORMS}.`);
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'string') return JSON.stringify(value);
  return `a value of type ${typeof value}`;
}

/** `:name` must be a whole segment: after a `/`, and followed by `/` or the end. */
const MISPLACED_PARAM = /(?:[^/]|^):[A-Za-z_]|:[A-Za-z_]\w*[^\w/]/;

/** Checks a string pattern and turns it into what matchGlob reads: decoded, `(.*)` as `*`. */
function globSource(pattern: string, label: string): string {
  const fail = (why: string) => patternError(label, `${JSON.stringify(pattern)} ${why}`);
  if (!pattern.startsWith('/')) throw fail('does not start with "/"');
  if (pattern.includes('?')) throw fail('holds "?", which never appears in a pathname');
  const starred = pattern.split('(.*)').join('*').replace(/\*+/g, '*');
  if (/[(){}]/.test(starred)) throw fail('uses a group other than (.*); use a RegExp for those');
  if (MISPLACED_PARAM.test(starred)) throw fail('has a :name parameter that is not a whole segment');
  const decoded = readPath(starred);
  if (typeof decoded !== 'string') {
    throw fail(`is itself ambiguous (${decoded.ambiguity}), so no request path could match it`);
  }
  return decoded.length > 1 && decoded.endsWith('/') ? decoded.slice(0, -1) : decoded;
}

function compileString(pattern: string, label: string, caseSensitive: boolean): CompiledPattern {
  let source = globSource(pattern, label);
  if (!caseSensitive) source = source.toLowerCase();
  if (!source.includes('*') && !source.includes(':')) return (_path, folded) => folded === source;
  const globs: Glob[] = [parseGlob(source)];
  // `/x/*` also covers the bare `/x` (and `/x/`, whose trailing `/` the path reading drops).
  if (source.endsWith('/*')) globs.push(parseGlob(source.slice(0, -2) || '/'));
  return (_path, folded) => {
    for (const glob of globs) if (matchGlob(glob, folded)) return true;
    return false;
  };
}

function compile(pattern: unknown, label: string, caseSensitive: boolean): CompiledPattern {
  if (typeof pattern === 'string') return compileString(pattern, label, caseSensitive);
  if (pattern instanceof RegExp) {
    // A stateful (g/y) RegExp would remember lastIndex between requests.
    const regexp = new RegExp(pattern.source, pattern.flags.replace(/[gy]/g, ''));
    return (path) => regexp.test(path);
  }
  if (typeof pattern === 'function') {
    const predicate = pattern as (path: string) => unknown;
    return (path) => predicate(path) === true;
  }
  throw patternError(label, `is ${describe(pattern)}`);
}

function targetOf(pathOrRequest: PathOrRequest): unknown {
  if (typeof pathOrRequest === 'string') return pathOrRequest;
  return pathOrRequest?.url ?? pathOrRequest?.path;
}

/** The decoded path without its trailing `/`; throws AmbiguousPathError when it has two readings. */
function pathToMatch(pathOrRequest: PathOrRequest): string {
  const target = targetOf(pathOrRequest);
  const reading = typeof target === 'string' ? readPath(target) : { ambiguity: 'not-a-path' as const };
  if (typeof reading !== 'string') throw new AmbiguousPathError(reading.ambiguity);
  return reading.length > 1 && reading.endsWith('/') ? reading.slice(0, -1) : reading;
}

export type RouteMatcher = (pathOrRequest: PathOrRequest) => boolean;

/** Compiles every pattern once (a ConfigurationError names the bad one); the matcher only reads and tests. */
function buildMatcher(
  patterns: RoutePattern | readonly RoutePattern[] | null | undefined,
  options: RouteMatcherOptions,
  label: string,
): RouteMatcher {
  if (patterns === undefined || patterns === null) return () => false;
  const list: readonly unknown[] = Array.isArray(patterns) ? patterns : [patterns];
  const caseSensitive = options.caseSensitive === true;
  const compiled = list.map((pattern, index) =>
    compile(pattern, Array.isArray(patterns) ? `${label}[${index}]` : label, caseSensitive),
  );
  if (compiled.length === 0) return () => false;
  return (pathOrRequest) => {
    const path = pathToMatch(pathOrRequest);
    const folded = caseSensitive ? path : path.toLowerCase();
    for (const matches of compiled) if (matches(path, folded)) return true;
    return false;
  };
}

/**
 * `createRouteMatcher(patterns)`: `undefined`, `null` and `[]` match nothing. On a path with two
 * readings (SPEC §7.1) it throws AmbiguousPathError: neither a guard nor an allow-list may decide it.
 */
export function createRouteMatcher(
  patterns: RoutePattern | readonly RoutePattern[] | null | undefined,
  options: RouteMatcherOptions = {},
): RouteMatcher {
  return buildMatcher(patterns, options, 'createRouteMatcher pattern');
}

/** A matcher for built-in lists, which must decide: `onAmbiguous` is their answer for such a path. */
function deciding(matches: RouteMatcher, onAmbiguous: boolean): RouteMatcher {
  return (pathOrRequest) => {
    try {
      return matches(pathOrRequest);
    } catch (error) {
      if (error instanceof AmbiguousPathError) return onAmbiguous;
      throw error;
    }
  };
}

/** For built-in guards (`requireReverification({ routes })`): an ambiguous path is guarded. */
export function createGuardMatcher(patterns: readonly RoutePattern[], label: string): RouteMatcher {
  return deciding(buildMatcher(patterns, {}, label), true);
}

/** For `excludedRoutes`: an ambiguous path is never excluded. */
export function createExclusionMatcher(patterns: readonly RoutePattern[], label: string): RouteMatcher {
  return deciding(buildMatcher(patterns, {}, label), false);
}
