import type { RequestAuth } from './request-auth.js';

declare module 'http' {
  interface IncomingMessage {
    /**
     * Set by `clerkMiddleware` (signed in or signed out): the auth object's fields (`req.auth.userId`),
     * and callable as `getAuth(req, opts)` is (`req.auth()`, `req.auth({ acceptsToken })`).
     */
    auth: RequestAuth;
  }
}
