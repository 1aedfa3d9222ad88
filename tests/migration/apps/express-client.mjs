// Clerk's Express guides reading the Backend API: clerkClient.users.getUser(userId) for the signed-in
// user, a user that does not exist (ClerkAPIResponseError), and organizations.getOrganization in
// Clerk's object form. Only the import lines change.
import { clerkClient, clerkMiddleware, getAuth } from '@clerk/express';
import express from 'express';

const app = express();
app.use(clerkMiddleware());

app.get('/user', async (req, res) => {
  const { isAuthenticated, userId } = getAuth(req);
  if (!isAuthenticated) return res.status(401).json({ error: 'Unauthorized' });
  const user = await clerkClient.users.getUser(userId);
  res.json({ user });
});

app.get('/users/:id', async (req, res) => {
  try {
    res.json(await clerkClient.users.getUser(req.params.id));
  } catch (err) {
    res.status(err.status ?? 500).json({ status: err.status, errors: err.errors, message: err.message });
  }
});

app.get('/orgs/:id', async (req, res) => {
  res.json(await clerkClient.organizations.getOrganization({ organizationId: req.params.id }));
});

app.get('/orgs-by-slug/:slug', async (req, res) => {
  res.json(await clerkClient.organizations.getOrganization({ slug: req.params.slug }));
});

app.use((err, _req, res, _next) => {
  res.status(500).json({ error: err.message });
});

const server = app.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  console.log(`listening on ${server.address().port}`);
});
