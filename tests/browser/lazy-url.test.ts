import { readBrowserRequest } from '@sessionguard/core/internal/browser/browser-request.js';
import { publicUrl } from '@sessionguard/core/internal/browser/public-url.js';
import { resolveBrowserSettings } from '@sessionguard/core/internal/browser/settings.js';
import { nodePlatform } from '@sessionguard/core/internal/crypto/node-platform.js';
import { resolveOptions } from '@sessionguard/core/internal/options.js';
import { describe, expect, it } from 'vitest';

// A request's view builds its public URL (SPEC §12.1) only when a rule asks for it, and answers a
// query parameter of a URL without `?` without building it at all (browser-request.ts). Checked
// against the plain way: parse the public URL, then read its query.

const settings = resolveBrowserSettings(
  resolveOptions(
    { publishableKey: `pk_test_${Buffer.from('clerk.example.test$').toString('base64')}` },
    () => undefined,
  ),
);

const PATHS = [
  '/',
  '/page',
  '/page?',
  '/page?a=1',
  '/page?__clerk_db_jwt=x',
  '/page?%5F_clerk_db_jwt=x',
  '/page?__clerk_db_jwt',
  '/page?a=1&__clerk_handshake=t&__clerk_handshake_nonce=n',
  '/page#x?__clerk_db_jwt=y',
  '/page#frag',
  '//other.example/x?__clerk_db_jwt=z',
  '//other.example/x',
  'https://app.example.test/p?__clerk_db_jwt=abs',
  'https://app.example.test/p',
  'http://[::1]:3000/p?__clerk_handshake=v',
  'not a url',
  'not a url?__clerk_db_jwt=q',
  '/p\t?__clerk_db_jwt=tab',
  '/p\\?__clerk_db_jwt=b',
  '/p?__clerk_db_jwt=%E0%A4%A',
  '/p?__clerk_db_jwt=a+b',
];

const HEADERS: Record<string, string>[] = [
  { host: 'app.example.test' },
  {},
  { host: 'app.example.test?x=1' },
  { host: 'app.example.test/path' },
  { host: 'user@app.example.test' },
  { host: 'app.example.test', 'x-forwarded-proto': 'https', 'x-forwarded-host': 'public.example.test' },
  { 'x-forwarded-host': 'public.example.test?__clerk_db_jwt=h' },
  { host: 'app.example.test', 'x-forwarded-proto': 'ftp' },
];

const NAMES = ['__clerk_db_jwt', '__clerk_handshake', '__clerk_handshake_nonce', 'a', '_'];

function plainQuery(request: Parameters<typeof publicUrl>[0], name: string): string | null {
  const url = publicUrl(request);
  if (url === undefined || url.search.length <= 1) return null;
  return new URLSearchParams(url.search).get(name);
}

describe('the lazily built public URL answers what the eagerly built one answers', () => {
  it('for every path, origin header and parameter name', () => {
    if (settings === undefined) throw new Error('no browser settings');
    let checked = 0;
    for (const url of PATHS) {
      for (const headers of HEADERS) {
        const request = { method: 'GET', url, headers };
        const read = readBrowserRequest(request, settings, { platform: nodePlatform }, Date.now());
        if ('ambiguous' in read) throw new Error('ambiguous');
        for (const name of NAMES) {
          expect(read.query(name), `${url} ${JSON.stringify(headers)} ${name}`).toBe(
            plainQuery(request, name),
          );
          checked++;
        }
        expect(read.url()?.href).toBe(publicUrl(request)?.href);
      }
    }
    expect(checked).toBe(PATHS.length * HEADERS.length * NAMES.length);
  });
});
