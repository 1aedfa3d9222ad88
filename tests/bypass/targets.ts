/**
 * Hostile request targets, built as an attacker would: every SPEC §7.1 class, applied to a path of
 * each private route form, and used to walk from a public route of each form onto a private one.
 */

/** One path per private route family (see apps.ts): exact, :param, glob, (.*), RegExp, predicate. */
export const PRIVATE_SAMPLES = [
  '/files',
  '/reports',
  '/secret',
  '/admin',
  '/orgs/acme/settings',
  '/files/x',
  '/keys/x',
  '/billing',
  '/billing/x',
  '/reports/x',
  '/secret/x',
  '/acme/dashboard',
];
export const PUBLIC_SAMPLES = ['/public', '/pub/1', '/assets/x', '/sign-in', '/docs', '/static/x'];

const SUFFIXES = [
  '/',
  '//',
  '/.',
  '/..',
  '/%2e',
  '/%2E%2e',
  '/./',
  '.',
  '.json',
  ';',
  ';x',
  '/;x',
  '%3B',
  '%20',
  '%09',
  '%00',
  '%0A',
  '%0D%0A',
  '%E2%80%A8',
  '%E2%80%A9',
  '%7F',
  '%',
  '%4',
  '%C0%AF',
  '%FF',
  '#',
  '#x',
  '\\',
  '%5C',
  '%5c',
  '%2F',
  '%2f',
  '%252F',
  '%25',
  '%23x',
  '%3Fx',
  '%2F..',
];

const FOLDS: [string, string][] = [
  ['k', '\u212A'],
  ['s', '\u017F'],
  ['i', '\u0130'],
  ['i', '\u0131'],
  ['ss', '\u00df'],
  ['fi', '\ufb01'],
];

function encodeFirstLetter(path: string): string {
  return path.replace(/\/([a-z])/, (_m, letter: string) => `/%${letter.charCodeAt(0).toString(16)}`);
}

function mutations(path: string): string[] {
  const rest = path.slice(1);
  const out = [
    path,
    path.toUpperCase(),
    encodeFirstLetter(path),
    `/${path}`,
    `/.${path}`,
    `/./${rest}`,
    `/x/..${path}`,
    `/x/%2e%2e${path}`,
    `/x/.%2E${path}`,
    `/%2F${rest}`,
    `/%5C${rest}`,
    `\\${rest}`,
    `/\\${rest}`,
  ];
  for (const suffix of SUFFIXES) out.push(`${path}${suffix}`);
  for (const separator of ['%2F', '%2f', '%5C', '\\', '//', '/./', '/x/../', '/%2e/']) {
    out.push(path.replace(/(.)\//, `$1${separator}`));
  }
  for (const [ascii, folding] of FOLDS) {
    if (!path.includes(ascii)) continue;
    out.push(path.replace(ascii, folding));
    out.push(path.replace(ascii, encodeURIComponent(folding)));
    out.push(path.toUpperCase().replace(ascii.toUpperCase(), folding));
  }
  return out;
}

function walks(from: string, to: string): string[] {
  const rest = to.slice(1);
  return [
    `${from}/../${rest}`,
    `${from}/%2e%2e/${rest}`,
    `${from}/.%2e/${rest}`,
    `${from}/..%2F${rest}`,
    `${from}%2F..%2F${rest}`,
    `${from}%2f%2e%2e%2f${rest}`,
    `${from}%252F..%252F${rest}`,
    `${from}\\..\\${rest}`,
    `${from}/..\\${rest}`,
    `${from}#/../${rest}`,
    `${from}\\#/../${rest}`,
    `${from};/../${rest}`,
    `${from}%3B/../${rest}`,
    `${from}/%0A/../${rest}`,
    `${from}%0A${to}`,
    `${from}%E2%80%A8${to}`,
    `${from}//..//${rest}`,
    `${to}#${from}`,
    `${to}%23${from}`,
    `${to}%3F${from}`,
    `${to};${from}`,
    `${to}/..${from}`,
    `${to}?${from}`,
  ];
}

/** Walks end on these: one private path of each kind of route (exact, :param, predicate). */
const WALK_TARGETS = ['/admin', '/orgs/acme/settings', '/keys/x', '/secret/x'];

/** Every hostile target, origin-form and absolute-form, without repeats. */
export function hostileTargets(): string[] {
  const origin = new Set<string>();
  for (const path of PRIVATE_SAMPLES) for (const target of mutations(path)) origin.add(target);
  for (const from of PUBLIC_SAMPLES)
    for (const to of WALK_TARGETS) for (const t of walks(from, to)) origin.add(t);
  const all = new Set(origin);
  // Every other target again in absolute-form (two spellings of the authority, in turn): each
  // class appears in both forms, without sending every request twice.
  let index = 0;
  for (const target of origin) {
    if (!target.startsWith('/') || index++ % 2 === 1) continue;
    all.add(`${index % 4 === 1 ? 'http://app.test' : 'HTTPS://APP.TEST:443'}${target}`);
  }
  for (const from of PUBLIC_SAMPLES) {
    for (const to of WALK_TARGETS) {
      // The authority ends at the first `/`, `?` or `#`: the path here is `/` (or refused).
      all.add(`http://app.test?${from}/../${to.slice(1)}`);
      all.add(`http://app.test?${to}`);
      all.add(`http://app.test#${to}`);
      all.add(`http://app.test\\${to.slice(1)}`);
      all.add(`http://app.test%2F${to.slice(1)}`);
      all.add(`http://app.test@evil${to}`);
      all.add(`http://app.test${to}?${from}`);
      all.add(`http://app.test${from}?${to}`);
    }
  }
  return [...all];
}

export const METHODS = ['GET', 'HEAD', 'POST', 'OPTIONS'] as const;
