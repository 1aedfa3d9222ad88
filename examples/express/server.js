// Express 5 (or 4) against a local test issuer. Start: npx -y pnpm@10.34.8 --filter @sessionguard/example-express start
import { createTestIssuer } from '@sessionguard/testing';
import { mintExampleTokens, printTryIt } from '../shared/try-it.js';
import { createApp } from './app.js';

const issuer = await createTestIssuer();
issuer.addUser({ id: 'user_demo', first_name: 'Ada' });
const tokens = await mintExampleTokens(issuer);

// secretKey + apiUrl: keys from the issuer's Backend API JWKS, getUser() from its /v1/users and API
// keys from its verify endpoint; publishableKey: the browser's cookies on /account (its Frontend API).
const app = createApp({
  auth: { secretKey: issuer.secretKey, apiUrl: issuer.url, publishableKey: issuer.publishableKey },
  webhooks: { signingSecret: issuer.webhookSigningSecret },
});

const port = Number(process.env.PORT ?? 3000);
const server = app.listen(port, '127.0.0.1', () => {
  printTryIt(`http://127.0.0.1:${server.address().port}`, tokens);
});
process.on('SIGINT', () => server.close(() => issuer.close().then(() => process.exit(0))));
