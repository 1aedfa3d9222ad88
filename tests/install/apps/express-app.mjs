// Ten lines of a user's Express app, run from the installed tarballs (keys: CLERK_JWKS_URL).
import { clerkMiddleware, requireAuth } from '@sessionguard/express';
import express from 'express';

const app = express();
app.use(clerkMiddleware());
app.get('/me', requireAuth(), (req, res) => res.json({ userId: req.auth.userId }));
const server = app.listen(0, '127.0.0.1', () => {
  console.log(`listening on ${server.address().port}`);
});
