import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { rewriteImports } from './rewrite.js';

const appsDir = new URL('./apps/', import.meta.url);

describe('the import rewrite a Clerk user makes', () => {
  it("renames Clerk's packages and their subpaths in static and dynamic imports, nothing else", () => {
    const source = [
      "import { clerkMiddleware } from '@clerk/express';",
      'import { verifyWebhook } from "@clerk/fastify/webhooks";',
      "const sdk = await import('@clerk/express');",
      "import { createClerkClient } from '@clerk/backend';",
      "import express from 'express';",
      "const note = '@clerk/express is the package';",
    ].join('\n');
    expect(rewriteImports(source).split('\n')).toEqual([
      "import { clerkMiddleware } from '@sessionguard/express';",
      'import { verifyWebhook } from "@sessionguard/fastify/webhooks";',
      "const sdk = await import('@sessionguard/express');",
      "import { createClerkClient } from '@clerk/backend';",
      "import express from 'express';",
      "const note = '@clerk/express is the package';",
    ]);
  });

  it.each(readdirSync(appsDir).filter((file) => file.endsWith('.mjs')))(
    '%s: only its import lines change, and every Clerk import is rewritten',
    (file) => {
      const before = readFileSync(new URL(file, appsDir), 'utf8').split('\n');
      const after = rewriteImports(before.join('\n')).split('\n');
      const changed = before.filter((line, index) => line !== after[index]);
      expect(changed.length).toBeGreaterThan(0);
      for (const line of changed) expect(line).toMatch(/^import .* from '@clerk\/(express|fastify)[^']*';$/);
      expect(after.join('\n')).not.toMatch(/from '@clerk\//);
    },
  );
});
