import type { HostileCase } from './corpus.js';

/** The header list as sent: the raw list when the case has one, else the Node-style record expanded. */
export function wirePairs(testCase: HostileCase): [string, string][] {
  if (testCase.rawHeaders) {
    const pairs: [string, string][] = [];
    for (let i = 0; i + 1 < testCase.rawHeaders.length; i += 2) {
      pairs.push([testCase.rawHeaders[i]!, testCase.rawHeaders[i + 1]!]);
    }
    return pairs;
  }
  return Object.entries(testCase.headers).flatMap(([name, value]) =>
    (Array.isArray(value) ? value : [value]).map((v): [string, string] => [name, v]),
  );
}

/** Wire headers as a record whose lists repeat the header (what the adapter harness sends). */
export function wireRecord(testCase: HostileCase): Record<string, string | string[]> {
  const record: Record<string, string[]> = {};
  for (const [name, value] of wirePairs(testCase)) {
    const key = name.toLowerCase();
    record[key] = [...(record[key] ?? []), value];
  }
  return Object.fromEntries(
    Object.entries(record).map(([name, values]) => [name, values.length === 1 ? values[0]! : values]),
  );
}

/** A WHATWG Headers for the case, or undefined when fetch cannot carry one of its values (NUL, CR, LF, > U+00FF). */
export function fetchHeaders(testCase: HostileCase): Headers | undefined {
  const headers = new Headers();
  try {
    for (const [name, value] of wirePairs(testCase)) headers.append(name, value);
  } catch {
    return undefined;
  }
  return headers;
}

/** Where a secret leaked, if it did. */
export function leaks(texts: Record<string, string>, secrets: readonly string[]): string | undefined {
  for (const [where, text] of Object.entries(texts)) {
    for (const secret of secrets) if (text.includes(secret)) return where;
  }
  return undefined;
}
