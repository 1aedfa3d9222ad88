import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import * as nodeEntry from '@sessionguard/core';
import { createTestIssuer } from '@sessionguard/testing';
import { describe, expect, it } from 'vitest';
import { bearer } from './helpers.js';

const require = createRequire(import.meta.url);

describe('packaging', () => {
  it('require("@sessionguard/core") works from CommonJS on Node 20.19+ (require of ESM)', () => {
    const script = `
      const core = require('@sessionguard/core');
      const names = ['createAuthenticator', 'verifyToken', 'createRouteMatcher', 'TokenVerificationError', 'ConfigurationError', 'BackendApiError'];
      const missing = names.filter((n) => core[n] === undefined);
      process.stdout.write(JSON.stringify({ missing, runtime: core.cryptoRuntime, strict: Object.keys(core.reverificationPresets) }));
    `;
    const out = execFileSync(process.execPath, ['-e', script], { cwd: __dirname, encoding: 'utf8' });
    expect(JSON.parse(out)).toEqual({
      missing: [],
      runtime: 'node',
      strict: ['strict_mfa', 'strict', 'moderate', 'lax'],
    });
  });

  it('Node resolves the node entry (node:crypto); other runtimes get the WebCrypto default', () => {
    expect(nodeEntry.cryptoRuntime).toBe('node');
    const resolved = require.resolve('@sessionguard/core');
    expect(resolved).toMatch(/index\.node\.js$/);
  });
});

describe('the WebCrypto default entry agrees with the node:crypto entry', () => {
  it.each(['RS256', 'PS256', 'ES256', 'ES384', 'EdDSA'] as const)(
    '%s: valid, tampered and wrong-key tokens',
    async (alg) => {
      const webEntry = (await import(
        require.resolve('@sessionguard/core').replace(/index\.node\.js$/, 'index.js')
      )) as typeof nodeEntry;
      expect(webEntry.cryptoRuntime).toBe('webcrypto');
      const issuer = await createTestIssuer({ alg });
      const stranger = await createTestIssuer({ alg });
      try {
        const valid = await issuer.mintSessionToken({ userId: 'u', orgId: 'org_1', orgRole: 'org:admin' });
        const [h, , s] = valid.split('.') as [string, string, string];
        const [, otherPayload] = (await issuer.mintSessionToken({ userId: 'user_admin' })).split('.');
        const tampered = `${h}.${otherPayload}.${s}`;
        const foreign = await stranger.mintSessionToken({ userId: 'u', header: { kid: issuer.currentKid } });
        for (const options of [{ jwksUrl: issuer.jwksUrl }, { jwtKey: issuer.publicKeyPem }]) {
          const results = await Promise.all(
            [nodeEntry, webEntry].map(async (entry) => {
              const authenticator = entry.createAuthenticator({ ...options, algorithms: [alg] });
              const out: Array<string | null> = [];
              for (const token of [valid, tampered, foreign])
                out.push((await authenticator.authenticateRequest(bearer(token))).reason);
              return out;
            }),
          );
          expect(results[0]).toEqual([null, 'token-invalid-signature', 'token-invalid-signature']);
          expect(results[1]).toEqual(results[0]);
        }
      } finally {
        await Promise.all([issuer.close(), stranger.close()]);
      }
    },
  );
});
