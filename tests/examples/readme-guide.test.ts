// The README's "Testing your app" cannot rot: every line of its TypeScript snippets is a line of
// tests/examples/express.test.ts, in the same order within a snippet (the import of the app differs
// only by its path), so each snippet runs there against the Express example.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const read = (path: string) => readFileSync(new URL(path, import.meta.url), 'utf8');

function section(markdown: string, heading: string): string {
  const start = markdown.indexOf(`\n## ${heading}\n`);
  if (start === -1) throw new Error(`no "## ${heading}" in README.md`);
  const end = markdown.indexOf('\n## ', start + 1);
  return markdown.slice(start, end === -1 ? undefined : end);
}

const snippets = [
  ...section(read('../../README.md'), 'Testing your app').matchAll(/```ts\n([\s\S]*?)```/g),
].map((match) => match[1]);
const testLines = read('./express.test.ts')
  .split('\n')
  .map((line) => line.trim());

/** The first line at or after `from` equal to `line`, or -1. */
const findFrom = (line: string, from: number) => testLines.indexOf(line, from);

describe('README "Testing your app"', () => {
  it('has the snippets of every topic', () => {
    const text = snippets.join('\n');
    for (const call of [
      'mintSessionToken',
      'orgRole',
      'fva',
      'createApiKey',
      'signWebhook',
      'browserCookies',
    ])
      expect(text).toContain(call);
    expect(snippets.length).toBeGreaterThanOrEqual(8);
  });

  it.each(snippets.map((snippet, index) => [index + 1, snippet] as const))(
    'snippet %i is in tests/examples/express.test.ts, line for line',
    (_index, snippet) => {
      let at = -1;
      for (const raw of snippet.split('\n')) {
        const line = raw.trim().replace("from './app.js'", "from '../../examples/express/app.js'");
        if (line === '') continue;
        const found = findFrom(line, at + 1);
        expect(found, `README line not in the test (or out of order): ${line}`).toBeGreaterThan(at);
        at = found;
      }
    },
  );
});
