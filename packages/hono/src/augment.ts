import type { AuthObject } from '@sessionguard/core';

declare module 'hono' {
  interface ContextVariableMap {
    /** Set by `clerkMiddleware` (signed in or signed out); read it with `getAuth(c)` to fail loudly. */
    auth: AuthObject;
  }
}
