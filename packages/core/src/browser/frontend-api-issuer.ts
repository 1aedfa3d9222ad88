const SCHEME = /https?:\/\//gi;

/**
 * SPEC §12.2 rule 2's question: does `iss`, its schemes removed, name the Frontend API `host`?
 * `issuers` (frontendApiIssuers of the host) are answered by comparison: the regex gave them the
 * same answer when they were built.
 */
export function namesFrontendApi(iss: string, host: string, issuers: readonly string[]): boolean {
  return iss === issuers[0] || iss === issuers[1] || iss.replace(SCHEME, '') === host;
}

/** The `iss` spellings (https, http) whose scheme rule 2 removes to exactly `host`; built once per tenant. */
export function frontendApiIssuers(host: string): readonly string[] {
  return Object.freeze(
    [`https://${host}`, `http://${host}`].filter((iss) => iss.replace(SCHEME, '') === host),
  );
}
