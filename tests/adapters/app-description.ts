import type {
  Authenticator,
  AuthForAccepted,
  AuthGuardOptions,
  AuthObject,
  AuthOptions,
  ReverificationConfig,
  ReverificationPreset,
} from '@sessionguard/core';
import type { Fixtures } from './fixtures.js';

/** One app, described once; each factory in apps/ builds it with its framework's own calls. */
export type RouteGuard =
  | { requireAuth: AuthGuardOptions }
  | { requireReverification: ReverificationPreset | ReverificationConfig };

export interface RouteSpec {
  method: 'GET' | 'POST';
  path: string;
  /** Names the handler in the response, so a case can tell which handler answered. */
  name: string;
  /** Guards in the order they run. */
  guard?: RouteGuard | RouteGuard[];
  /** Install the guard with hooks (see HOOK_RESPONSE) instead of the default responses. */
  hooked?: boolean;
  /** The handler answers with the parsed JSON body too. */
  echo?: boolean;
  /** The handler sets ROUTE_COOKIE through its framework's own call, as an app does. */
  setsCookie?: boolean;
}

/** The cookie a `setsCookie` route sets: it must survive beside the middleware's (SPEC §12.4). */
export const ROUTE_COOKIE = 'route=1; Path=/';

/** The scope the /scoped routes ask for. */
export const SCOPE = 'admin:write';

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
  { method: 'GET', path: '/cookie', name: 'cookie', setsCookie: true },
  // OAuth scopes (SPEC §5, §6): asked of every token type, session tokens from any issuer included.
  { method: 'GET', path: '/scoped', name: 'scoped', guard: { requireAuth: { scope: SCOPE } } },
  {
    method: 'GET',
    path: '/scoped/admin',
    name: 'scoped-admin',
    guard: { requireAuth: { role: 'org:admin', scope: SCOPE } },
  },
  {
    method: 'GET',
    path: '/scoped/any',
    name: 'scoped-any',
    guard: { requireAuth: { acceptsToken: 'any', scope: SCOPE } },
  },
  {
    // Two guards: on Fastify in preHandler, where the single-guard routes above use route config.
    method: 'GET',
    path: '/scoped/two-guards',
    name: 'scoped-two-guards',
    guard: [{ requireAuth: {} }, { requireAuth: { scope: SCOPE } }],
  },
  // Machine tokens (SPEC §9): the middleware verifies session tokens only; these guards verify more.
  {
    method: 'GET',
    path: '/machine/api-key',
    name: 'api-key',
    guard: machineGuard({ acceptsToken: 'api_key' }),
  },
  {
    method: 'GET',
    path: '/machine/api-key/read',
    name: 'api-key-read',
    guard: machineGuard({ acceptsToken: 'api_key', scope: 'read' }),
  },
  {
    method: 'GET',
    path: '/machine/api-key/write',
    name: 'api-key-write',
    guard: machineGuard({ acceptsToken: 'api_key', scope: 'write' }),
  },
  { method: 'GET', path: '/machine/m2m', name: 'm2m', guard: machineGuard({ acceptsToken: 'm2m_token' }) },
  {
    method: 'GET',
    path: '/machine/oauth',
    name: 'oauth',
    guard: machineGuard({ acceptsToken: 'oauth_token' }),
  },
  { method: 'GET', path: '/machine/any', name: 'any', guard: machineGuard({ acceptsToken: 'any' }) },
  {
    method: 'GET',
    path: '/machine/session-or-api-key',
    name: 'session-or-api-key',
    guard: machineGuard({ acceptsToken: ['session_token', 'api_key'] }),
  },
  {
    method: 'GET',
    path: '/machine/two-guards',
    name: 'two-guards',
    guard: [
      machineGuard({ acceptsToken: 'api_key' }),
      machineGuard({ acceptsToken: ['api_key', 'm2m_token'], scope: 'read' }),
    ],
  },
];

function machineGuard(options: AuthGuardOptions): RouteGuard {
  return { requireAuth: options };
}

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

/** A route's guards, built with one adapter's guard factories; hooked routes get the hooks. */
export function guardsOf<G, H>(
  route: RouteSpec,
  hooks: Hooks<H>,
  make: {
    requireAuth: (options: AuthGuardOptions & Partial<Hooks<H>>) => G;
    requireReverification: (
      preset: ReverificationPreset | ReverificationConfig,
      options: Partial<Hooks<H>>,
    ) => G;
  },
): G[] {
  // Each guard gets the hooks it takes: any other key is refused at construction.
  const { onUnauthenticated, onForbidden, onNeedsReverification } = hooks;
  const authHooks = route.hooked ? { onUnauthenticated, onForbidden } : {};
  const reverificationHooks = route.hooked ? { onUnauthenticated, onNeedsReverification } : {};
  return guardList(route).map((guard) =>
    'requireAuth' in guard
      ? make.requireAuth({ ...guard.requireAuth, ...authHooks })
      : make.requireReverification(guard.requireReverification, reverificationHooks),
  );
}

export function guardList(route: RouteSpec): RouteGuard[] {
  if (route.guard === undefined) return [];
  return Array.isArray(route.guard) ? route.guard : [route.guard];
}

/**
 * What every handler answers (as JSON): which handler, the session view's fields, the body for /echo,
 * and the attached auth of any type (`getAuth(req, { acceptsToken: 'any' })`) as `accepted`.
 */
export function handlerResult(
  name: string,
  auth: AuthObject,
  body?: unknown,
  accepted?: AuthForAccepted<'any'>,
): Record<string, unknown> {
  return {
    ...(accepted === undefined ? {} : { accepted: acceptedFields(accepted) }),
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

function acceptedFields(auth: AuthForAccepted<'any'>): Record<string, unknown> {
  if (auth.tokenType === 'session_token' || !auth.isAuthenticated) {
    return { tokenType: auth.tokenType, isAuthenticated: auth.isAuthenticated };
  }
  return { tokenType: auth.tokenType, isAuthenticated: true, subject: auth.subject, scopes: auth.scopes };
}

// How the middleware is installed (SPEC §6): each scenario has its own path, and each app installs it
// with its framework's own calls. Scenarios that bring their own clerkMiddleware run before the
// app-wide one (which then keeps their result); `twice` runs a second one after it.
export const ENTRY = {
  /** `app.use(clerkMiddleware)`, uncalled (Fastify: the plugin added as a hook). */
  uncalledMiddleware: '/entry/uncalled-middleware',
  /** `requireAuth` handed to the route uncalled. */
  uncalledRequireAuth: '/entry/uncalled-require-auth',
  /** `requireReverification` handed to the route uncalled. */
  uncalledReverification: '/entry/uncalled-reverification',
  /** `clerkMiddleware(async (req) => tenant)`: a fresh options object per request, as from a database. */
  asyncTenant: '/entry/async-tenant',
  /** An async tenant function that rejects. */
  asyncTenantRejects: '/entry/async-tenant-rejects',
  /** A tenant function whose options cannot work. */
  badTenant: '/entry/bad-tenant',
  /** The same, from an async tenant function. */
  badAsyncTenant: '/entry/bad-async-tenant',
  /** A tenant function that finds no tenant (returns undefined). */
  noTenant: '/entry/no-tenant',
  /** A second clerkMiddleware (tenant B, counting its calls) after the app-wide one (tenant A). */
  twice: '/entry/twice',
} as const;

export const ENTRY_PATHS: readonly string[] = Object.values(ENTRY);
export const TENANT_REJECTED = 'no tenant for this host';
/** Tenant options that fail at construction (whoever validates options, now or later). */
export const BAD_TENANT_OPTIONS: AuthOptions = { jwksUrl: 'not a url' };

export interface EntryTenants {
  asyncTenant(host: string | undefined): Promise<AuthOptions | Authenticator>;
  rejects(): Promise<never>;
  bad(): AuthOptions;
  badAsync(): Promise<AuthOptions>;
  none(): AuthOptions;
  second(): AuthOptions | Authenticator;
  /** How often the second clerkMiddleware asked for its tenant: 0 while it keeps the first result. */
  secondCalls(): number;
}

/** The tenant functions of the entry scenarios, built once per app (the count is per app). */
export function entryTenants(tenantFor: Fixtures['tenantFor']): EntryTenants {
  let secondCalls = 0;
  return {
    async asyncTenant(host) {
      await new Promise((resolve) => setImmediate(resolve)); // really later, as a database answers
      const tenant = tenantFor(host);
      // A copy of the options (a fresh object each time, as a database row is); an authenticator as is.
      return 'authenticateRequest' in tenant ? tenant : { ...tenant };
    },
    async rejects() {
      throw new Error(TENANT_REJECTED);
    },
    bad: () => BAD_TENANT_OPTIONS,
    badAsync: async () => BAD_TENANT_OPTIONS,
    none: () => undefined as unknown as AuthOptions, // what a plain JavaScript tenant table gives
    second() {
      secondCalls++;
      return tenantFor('b.example');
    },
    secondCalls: () => secondCalls,
  };
}

/** What every entry route answers: the auth fields, and how often the second middleware did work. */
export function entryResult(auth: AuthObject, tenants: EntryTenants): Record<string, unknown> {
  return { ...handlerResult('entry', auth), secondTenantCalls: tenants.secondCalls() };
}

/** Every app's error handler answers this: what reached the app's error path. */
export const APP_ERROR_STATUS = 500;
export function appErrorResult(error: unknown): { appError: Record<string, unknown> } {
  const { name, message, code } = (error ?? {}) as { name?: unknown; message?: unknown; code?: unknown };
  return { appError: { isError: error instanceof Error, name, message, code: code ?? null } };
}
