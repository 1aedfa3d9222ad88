// Written as Clerk's Express quickstart and guides write an app: clerkMiddleware() with
// authorizedParties, req.auth() (Clerk 2.x), getAuth(req), requireAuth(), and the API-key guide's
// getAuth(req, { acceptsToken: 'api_key' }) after a plain middleware. Only the import lines change.
import { clerkMiddleware, getAuth, requireAuth } from '@clerk/express';
import express from 'express';

const app = express();
app.use(clerkMiddleware({ authorizedParties: ['http://localhost:3000'] }));

app.get('/me', (req, res) => {
  const { isAuthenticated, userId, sessionId } = req.auth();
  if (!isAuthenticated) return res.status(401).json({ error: 'Unauthorized' });
  res.json({ userId, sessionId });
});

app.get('/get-auth', (req, res) => {
  const { isAuthenticated, userId, sessionId } = getAuth(req);
  if (!isAuthenticated) return res.status(401).json({ error: 'Unauthorized' });
  res.json({ userId, sessionId });
});

app.get('/protected', requireAuth(), (req, res) => {
  res.json({ userId: req.auth().userId });
});

app.get('/api-key', (req, res) => {
  const { isAuthenticated, id, subject, scopes, tokenType } = getAuth(req, { acceptsToken: 'api_key' });
  if (!isAuthenticated) return res.status(401).json({ error: 'Unauthorized' });
  res.json({ id, subject, scopes, tokenType });
});

app.use((err, _req, res, _next) => {
  res.status(500).json({ error: err.message });
});

const server = app.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  console.log(`listening on ${server.address().port}`);
});
