import type {
  AuthGuardOptions,
  AuthObject,
  ReverificationConfig,
  ReverificationPreset,
} from '@sessionguard/core';

/** One app, described once; each factory in apps/ builds it with its framework's own calls. */
export type RouteGuard =
  | { requireAuth: AuthGuardOptions }
  | { requireReverification: ReverificationPreset | ReverificationConfig };

export interface RouteSpec {
  method: 'GET' | 'POST';
  path: string;
  /** Names the handler in the response, so a case can tell which handler answered. */
  name: string;
  guard?: RouteGuard;
  /** Install the guard with hooks (see HOOK_RESPONSE) instead of the default responses. */
  hooked?: boolean;
  /** The handler answers with the parsed JSON body too. */
  echo?: boolean;
}

export const routes: RouteSpec[] = [
  { method: 'GET', path: '/public', name: 'public' },
  { method: 'GET', path: '/health', name: 'health' },
  { method: 'GET', path: '/me', name: 'me', guard: { requireAuth: {} } },
  {
    method: 'GET',
    path: '/dashboard',
    name: 'dashboard',
    guard: { requireAuth: { signInUrl: 'https://accounts.example/login?from=guard' } },
  },
  { method: 'GET', path: '/admin', name: 'admin', guard: { requireAuth: { role: 'org:admin' } } },
  {
    method: 'GET',
    path: '/reports',
    name: 'reports',
    guard: { requireAuth: { permission: 'org:reports:read' } },
  },
  { method: 'GET', path: '/beta', name: 'beta', guard: { requireAuth: { feature: 'beta' } } },
  { method: 'GET', path: '/pro', name: 'pro', guard: { requireAuth: { plan: 'pro' } } },
  {
    method: 'POST',
    path: '/settings/password',
    name: 'password',
    guard: { requireReverification: 'strict' },
  },
  { method: 'POST', path: '/settings/mfa', name: 'mfa', guard: { requireReverification: 'strict_mfa' } },
  {
    method: 'GET',
    path: '/settings/custom',
    name: 'custom',
    guard: { requireReverification: { level: 'first_factor', afterMinutes: 30 } },
  },
  {
    method: 'GET',
    path: '/hooked',
    name: 'hooked',
    guard: { requireAuth: { role: 'org:admin' } },
    hooked: true,
  },
  {
    method: 'POST',
    path: '/hooked/password',
    name: 'hooked-password',
    guard: { requireReverification: 'strict' },
    hooked: true,
  },
  { method: 'POST', path: '/echo', name: 'echo', echo: true },
];

/** Installed app-wide after the middleware: only these paths are guarded. */
export const APP_WIDE_REVERIFICATION = { preset: 'strict' as const, routes: ['/admin/*'] };

/** Every hook answers 418 with its own name, the same on all frameworks. */
export const HOOK_STATUS = 418;
export type HookName = 'onUnauthenticated' | 'onForbidden' | 'onNeedsReverification';
export const hookBody = (hook: HookName): string => `hook:${hook}`;

export type Hooks<H> = Record<HookName, H>;

/** The three guard hooks in one framework's form (`hook(name)` answers HOOK_STATUS with hookBody). */
export function hookSet<H>(hook: (name: HookName) => H): Hooks<H> {
  return {
    onUnauthenticated: hook('onUnauthenticated'),
    onForbidden: hook('onForbidden'),
    onNeedsReverification: hook('onNeedsReverification'),
  };
}

/** A route's guard, built with one adapter's guard factories; hooked routes get the hooks. */
export function guardOf<G, H>(
  route: RouteSpec,
  hooks: Hooks<H>,
  make: {
    requireAuth: (options: AuthGuardOptions & Partial<Hooks<H>>) => G;
    requireReverification: (
      preset: ReverificationPreset | ReverificationConfig,
      options: Partial<Hooks<H>>,
    ) => G;
  },
): G | undefined {
  const extra = route.hooked ? hooks : {};
  if (route.guard === undefined) return undefined;
  if ('requireAuth' in route.guard) return make.requireAuth({ ...route.guard.requireAuth, ...extra });
  return make.requireReverification(route.guard.requireReverification, extra);
}

/** What every handler answers (as JSON): which handler, the auth fields, and the body for /echo. */
export function handlerResult(name: string, auth: AuthObject, body?: unknown): Record<string, unknown> {
  return {
    route: name,
    auth: {
      isAuthenticated: auth.isAuthenticated,
      userId: auth.userId,
      orgId: auth.orgId,
      orgRole: auth.orgRole,
      reason: auth.isAuthenticated ? null : auth.reason,
    },
    ...(body === undefined ? {} : { body }),
  };
}
