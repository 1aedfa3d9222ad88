// Readers for Clerk JSON fields: the wire is not trusted to match the documented shape. A value of
// the wrong type reads as the field's empty value, never as something it is not.
import { isRecord } from './error-body.js';

export function stringOrNull(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

export function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

export function numberOrNull(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

/** A timestamp or count that is always there on Clerk's side: 0 when the JSON lacks it. */
export function numberOrZero(value: unknown): number {
  return numberOrNull(value) ?? 0;
}

export function flag(value: unknown): boolean {
  return value === true;
}

export function metadata(value: unknown): Record<string, unknown> {
  return isRecord(value) ? value : {};
}

export function records(value: unknown): Record<string, unknown>[] {
  return Array.isArray(value) ? value.filter(isRecord) : [];
}

/** Clerk's SDK turns the redirect URL into a URL object; one that does not parse reads as null. */
export function urlOrNull(value: unknown): URL | null {
  if (typeof value !== 'string' || value === '') return null;
  try {
    return new URL(value);
  } catch {
    return null;
  }
}
