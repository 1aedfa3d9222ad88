import type { AuthObject } from '@sessionguard/core';

declare module 'http' {
  interface IncomingMessage {
    /** Set by `clerkMiddleware` (signed in or signed out); read it with `getAuth(req)` to fail loudly. */
    auth: AuthObject;
  }
}
