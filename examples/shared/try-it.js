// What every example prints on start: three session tokens from the test issuer and one curl
// line per answer worth seeing, each with the status it gets. Framework-neutral, no imports.

/** Mints the tokens the curl lines use: fresh admin, a member, and a second factor 30 minutes old. */
export async function mintExampleTokens(issuer) {
  const mint = (orgRole, fva) =>
    issuer.mintSessionToken({ userId: 'user_demo', orgId: 'org_demo', orgRole, fva, expiresInSeconds: 3600 });
  return {
    // both factors just verified: passes requireReverification('strict') for 10 minutes
    TOKEN: await mint('org:admin', [0, 0]),
    // not an admin: requireAuth({ role: 'org:admin' }) answers 403
    MEMBER_TOKEN: await mint('org:member', [0, 0]),
    // second factor 30 minutes old: requireReverification('strict') (10 minutes) answers 403
    STALE_TOKEN: await mint('org:admin', [30, 30]),
  };
}

const bearer = (name) => `-H "Authorization: Bearer $${name}" `;

/** Prints the tokens as `export` lines, then the curl lines against `base`. */
export function printTryIt(base, tokens) {
  for (const [name, token] of Object.entries(tokens)) console.log(`export ${name}=${token}`);
  console.log('');
  const lines = [
    ['GET', '/me', 'TOKEN', '200 {"userId":"user_demo"}'],
    ['GET', '/me/user', 'TOKEN', "200 the issuer's Backend API user"],
    ['POST', '/settings/password', 'TOKEN', '200 second factor fresh'],
    ['GET', '/admin', 'TOKEN', '200 org:admin'],
    ['GET', '/admin', 'MEMBER_TOKEN', '403 forbidden: org:member is not org:admin'],
    ['POST', '/settings/password', 'STALE_TOKEN', '403 reverification-error: step-up needed'],
    ['GET', '/me', null, '401 no token'],
    ['GET', '/health', null, '200 excluded route'],
  ];
  const commands = lines.map(
    ([method, path, token]) => `curl -i -X ${method} ${token ? bearer(token) : ''}${base}${path}`,
  );
  const width = Math.max(...commands.map((command) => command.length));
  commands.forEach((command, i) => {
    console.log(`${command.padEnd(width)}  # ${lines[i][3]}`);
  });
}
