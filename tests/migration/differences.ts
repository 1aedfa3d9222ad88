// Every way an app written for Clerk's SDK answers differently once its import lines name ours. Each
// row names the README bullet (in "Migrating from Clerk's SDKs") that gives the reason; the test
// fails on a difference missing here and on a row that no longer differs.
// `MIGRATION_REPORT=1 npx vitest run tests/migration` prints every difference found as a row.

export interface KnownDifference {
  /** `express session`, or `* session` for both frameworks. */
  app: string;
  request: string;
  field: string;
  clerk: string;
  ours: string;
  /** Words of the README bullet that explains it (the test checks the bullet exists). */
  readme: string;
}

/**
 * Apps or routes ours cannot run yet because the piece they use is still being built elsewhere
 * (issue 26 item 1 and 3): their differences are printed, not judged. A row here whose app now
 * starts, or whose route no longer differs, fails the test: move its differences into the table.
 */
export interface Awaiting {
  app: string;
  /** A route (`/me`); none for the whole app (it does not start). */
  route?: string;
  awaiting: string;
}

export const AWAITING: readonly Awaiting[] = [];

export const KNOWN_DIFFERENCES: readonly KnownDifference[] = [];
