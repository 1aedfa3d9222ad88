import type { RequestAuth } from '@sessionguard/connect';

declare global {
  namespace Express {
    interface Request {
      /**
       * Set by `clerkMiddleware` (signed in or signed out): the auth object's fields (`req.auth.userId`),
       * and callable as `getAuth(req, opts)` is (`req.auth()`, `req.auth({ acceptsToken })`).
       */
      auth: RequestAuth;
    }
  }
}
