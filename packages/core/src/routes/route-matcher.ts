import { normalizePath } from './normalize-path.js';

/**
 * Exact path (`/health`), glob (`/public/*`, `*` = anything including `/`), Clerk/Next style
 * (`/sign-in(.*)`, `:param`), a RegExp, or a predicate on the normalized path.
 */
export type RoutePattern = string | RegExp | ((path: string) => boolean);

export interface RouteMatcherOptions {
  /** Default false: Express routes case-insensitively, so a case-sensitive guard could be bypassed. */
  caseSensitive?: boolean;
}

export type PathOrRequest = string | { url?: string; path?: string };

type CompiledPattern = (path: string, lowerPath: string) => boolean;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/** Translates a string pattern to a RegExp source: groups stay regex, `*` is a glob, `:name` a segment. */
function patternSource(pattern: string): string {
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const char = pattern[i]!;
    if (char === '(') {
      let depth = 0;
      let j = i;
      for (; j < pattern.length; j++) {
        if (pattern[j] === '\\') j++;
        else if (pattern[j] === '(') depth++;
        else if (pattern[j] === ')' && --depth === 0) break;
      }
      source += pattern.slice(i, j + 1);
      i = j;
    } else if (char === '*') {
      source += '.*';
    } else if (char === ':' && /[A-Za-z_]/.test(pattern[i + 1] ?? '')) {
      while (/\w/.test(pattern[i + 1] ?? '')) i++;
      source += '[^/]+';
    } else {
      source += escapeRegExp(char);
    }
  }
  return source;
}

function compile(pattern: RoutePattern, caseSensitive: boolean): CompiledPattern {
  if (typeof pattern === 'function') return (path) => pattern(path) === true;
  if (pattern instanceof RegExp) {
    // A stateful (g/y) RegExp would remember lastIndex between requests.
    const regexp = new RegExp(pattern.source, pattern.flags.replace(/[gy]/g, ''));
    return (path) => regexp.test(path);
  }
  const normalized = normalizePath(pattern) ?? pattern;
  if (!/[*(:]/.test(normalized)) {
    if (caseSensitive) return (path) => path === normalized;
    const lower = normalized.toLowerCase();
    return (_path, lowerPath) => lowerPath === lower;
  }
  const regexp = new RegExp(`^${patternSource(normalized)}/?$`, caseSensitive ? '' : 'i');
  return (path) => regexp.test(path);
}

function pathOf(pathOrRequest: PathOrRequest): string {
  if (typeof pathOrRequest === 'string') return pathOrRequest;
  return pathOrRequest.url ?? pathOrRequest.path ?? '/';
}

/** Builds the matchers once; the returned function only normalizes and tests. */
function buildMatcher(
  patterns: RoutePattern | readonly RoutePattern[],
  caseSensitive: boolean,
  onUndecodable: boolean,
): (pathOrRequest: PathOrRequest) => boolean {
  const list = (Array.isArray(patterns) ? patterns : [patterns]) as readonly RoutePattern[];
  const compiled = list.map((pattern) => compile(pattern, caseSensitive));
  if (compiled.length === 0) return () => false;
  return (pathOrRequest) => {
    const path = normalizePath(pathOf(pathOrRequest));
    if (path === undefined) return onUndecodable;
    const lowerPath = caseSensitive ? path : path.toLowerCase();
    for (const matches of compiled) if (matches(path, lowerPath)) return true;
    return false;
  };
}

/** For guards: a path that does not decode matches (fail closed). */
export function createRouteMatcher(
  patterns: RoutePattern | readonly RoutePattern[],
  options: RouteMatcherOptions = {},
): (pathOrRequest: PathOrRequest) => boolean {
  return buildMatcher(patterns, options.caseSensitive === true, true);
}

/** For exclusions: a path that does not decode is never excluded (fail closed). */
export function createExclusionMatcher(
  patterns: readonly RoutePattern[],
  options: RouteMatcherOptions = {},
): (pathOrRequest: PathOrRequest) => boolean {
  return buildMatcher(patterns, options.caseSensitive === true, false);
}
