import type { AuthObject, ReverificationConfig, ReverificationPreset } from '@sessionguard/core';
import type { RequireAuthOptions } from './guards.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by `clerkPlugin` (signed in or signed out); read it with `getAuth(request)` to fail loudly. */
    auth: AuthObject;
  }
  interface FastifyContextConfig {
    /** `true` (or requireAuth options) guards this route with `requireAuth`. */
    auth?: boolean | RequireAuthOptions;
    /** Guards this route with `requireReverification(preset)`. */
    reverify?: ReverificationPreset | ReverificationConfig;
  }
}
