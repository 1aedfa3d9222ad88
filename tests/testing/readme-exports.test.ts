// packages/testing/README.md documents every export of @sessionguard/testing (read from its index.ts,
// types included, and checked against the built module's runtime exports) and the issuer's webhook
// members; an export added without a line in the README fails here.
import { readFileSync } from 'node:fs';
import * as testing from '@sessionguard/testing';
import { describe, expect, it } from 'vitest';

const read = (path: string) => readFileSync(new URL(path, import.meta.url), 'utf8');
const readme = read('../../packages/testing/README.md');
const index = read('../../packages/testing/src/index.ts');

/** The exported names of `export { a, type B, c as d } from '…'` and `export type { … }` statements. */
function exportedNames(source: string): string[] {
  const names: string[] = [];
  for (const [, list] of source.matchAll(/export\s+(?:type\s+)?\{([^}]*)\}/g)) {
    for (const entry of list.split(',')) {
      const words = entry
        .trim()
        .replace(/^type\s+/, '')
        .split(/\s+as\s+/);
      const name = words[words.length - 1];
      if (name) names.push(name);
    }
  }
  for (const [, name] of source.matchAll(/export\s+(?:const|function|class|type|interface)\s+(\w+)/g))
    names.push(name);
  return names;
}

const names = exportedNames(index);
const mentioned = (name: string) => readme.includes(`\`${name}\``) || readme.includes(`\`${name}(`);

describe('packages/testing/README.md', () => {
  it('reads the exports of index.ts, runtime ones included', () => {
    expect(names).toContain('TestIssuer');
    expect(names).toContain('createTestIssuer');
    for (const runtime of Object.keys(testing)) expect(names).toContain(runtime);
    expect(index).not.toMatch(/export \*/); // a star export would hide names from this check
  });

  it.each(names)('mentions %s', (name) => {
    expect(mentioned(name), `${name} is exported but not in the README`).toBe(true);
  });

  it.each(['webhookSigningSecret', 'signWebhook', 'sendWebhook'])(
    'documents the issuer member %s',
    (member) => {
      expect(mentioned(member)).toBe(true);
    },
  );
});
