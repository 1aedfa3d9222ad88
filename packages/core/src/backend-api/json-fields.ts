// Readers for Clerk JSON fields: the wire is not trusted to match the documented shape.
import { isRecord } from './error-body.js';

export function stringOrNull(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

export function numberOrNull(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

export function metadata(value: unknown): Record<string, unknown> {
  return isRecord(value) ? value : {};
}

export function records(value: unknown): Record<string, unknown>[] {
  return Array.isArray(value) ? value.filter(isRecord) : [];
}

export function verification(value: unknown): { status: string; strategy: string | null } | null {
  if (!isRecord(value) || typeof value.status !== 'string') return null;
  return { status: value.status, strategy: stringOrNull(value.strategy) };
}
