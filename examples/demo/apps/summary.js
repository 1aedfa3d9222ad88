/** What GET /api/me shows: the auth object's fields, without its functions. */
export function authSummary(auth) {
  const { userId, sessionId, orgId, orgRole, orgSlug, orgPermissions, factorVerificationAge, actor } = auth;
  return {
    isAuthenticated: auth.isAuthenticated,
    userId,
    sessionId,
    orgId,
    orgRole,
    orgSlug,
    orgPermissions,
    factorVerificationAge,
    actor,
    needsReverification: auth.needsReverification('strict'),
  };
}
