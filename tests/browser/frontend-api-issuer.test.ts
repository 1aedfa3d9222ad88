import {
  frontendApiIssuers,
  namesFrontendApi,
} from '@sessionguard/core/internal/browser/frontend-api-issuer.js';
import { describe, expect, it } from 'vitest';

// SPEC §12.2 rule 2 answers the usual `iss` spellings of the Frontend API by comparison
// (frontend-api-issuer.ts): checked against the plain way, the schemes removed by the regex.

const plain = (iss: string, host: string) => iss.replace(/https?:\/\//gi, '') === host;

const HOSTS = [
  'clerk.example.test',
  'happy-otter-12.clerk.accounts.dev',
  '127.0.0.1:4000',
  'http://x.test',
  'a.https://b.test',
  'HTTPS://c.test',
];

function spellings(host: string): string[] {
  return [
    `https://${host}`,
    `http://${host}`,
    `HTTPS://${host}`,
    `https://https://${host}`,
    host,
    `${host}/`,
    `https://${host}/`,
    `ftp://${host}`,
    `https://evil.test${host}`,
    `https://${host}.evil.test`,
    'https://',
    '',
  ];
}

describe('rule 2 by comparison answers what the regex answers', () => {
  it('for usual and odd hosts and issuers', () => {
    let checked = 0;
    for (const host of HOSTS) {
      const issuers = frontendApiIssuers(host);
      for (const otherHost of HOSTS) {
        for (const iss of spellings(otherHost)) {
          expect(namesFrontendApi(iss, host, issuers), `${iss} ${host}`).toBe(plain(iss, host));
          checked++;
        }
      }
    }
    expect(checked).toBe(HOSTS.length * HOSTS.length * spellings('').length);
    // The usual host has both spellings; a host the regex would change has none.
    expect(frontendApiIssuers('clerk.example.test')).toEqual([
      'https://clerk.example.test',
      'http://clerk.example.test',
    ]);
    expect(frontendApiIssuers('http://x.test')).toEqual([]);
  });
});
