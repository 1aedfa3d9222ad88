import { randomBytes } from 'node:crypto';

/** Random lowercase hex, handy for ids that must not collide across tests. */
export function randomHex(bytes: number): string {
  return randomBytes(bytes).toString('hex');
}

/** Clerk-style id: a type prefix plus random characters (e.g. `sess_…`, `ins_…`). */
export function randomId(prefix: string): string {
  return `${prefix}_${randomHex(12)}`;
}
