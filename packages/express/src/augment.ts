import type { AuthObject } from '@sessionguard/connect';

declare global {
  namespace Express {
    interface Request {
      /** Set by `clerkMiddleware` (signed in or signed out); read it with `getAuth(req)` to fail loudly. */
      auth: AuthObject;
    }
  }
}
