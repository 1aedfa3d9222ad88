import type { CacheStore } from '@sessionguard/core';
import { describe, it } from 'vitest';
import { checkVerdictsBoundToCredential } from './credential-binding.js';
import { machineIssuerPerFile } from './helpers.js';

describe('machine-token verdicts are bound to their credential (SPEC §9.4)', () => {
  const files = machineIssuerPerFile();

  it('a shared Map store: a verdict got with one machine secret never serves an app with another', async () => {
    const entries = new Map<string, unknown>();
    const store: CacheStore = {
      get: (key) => entries.get(key),
      set: (key, value) => {
        entries.set(key, value);
      },
      delete: (key) => {
        entries.delete(key);
      },
    };
    await checkVerdictsBoundToCredential(files.issuer, store, async () => [...entries.keys()]);
  });
});
