// Clerk's Express webhook guide: express.raw on the route, verifyWebhook(req) from the /webhooks
// subpath, 400 when it throws. Only the import lines change.
import { verifyWebhook } from '@clerk/express/webhooks';
import express from 'express';

const app = express();

app.post('/api/webhooks', express.raw({ type: 'application/json' }), async (req, res) => {
  try {
    const evt = await verifyWebhook(req);
    res.json(evt);
  } catch {
    res.status(400).send('Error verifying webhook');
  }
});

const server = app.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  console.log(`listening on ${server.address().port}`);
});
