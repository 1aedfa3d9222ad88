import type { BackendApiErrorDetail } from '../errors.js';
import type { BackendApiErrorMeta } from '../util/clerk-error-meta.js';

export interface ClerkErrorInfo {
  errors: BackendApiErrorDetail[];
  clerkTraceId: string | undefined;
}

type MetaKind = 'string' | 'boolean' | 'number' | 'list' | 'object';

// Clerk's meta keys as on the wire, each with its camel-cased name and what it holds: the keys
// `@clerk/shared` reads, so `meta` has the same keys as on Clerk's ClerkAPIError.
const META_FIELDS: ReadonlyArray<readonly [string, keyof BackendApiErrorMeta, MetaKind]> = [
  ['param_name', 'paramName', 'string'],
  ['session_id', 'sessionId', 'string'],
  ['email_addresses', 'emailAddresses', 'list'],
  ['identifiers', 'identifiers', 'list'],
  ['zxcvbn', 'zxcvbn', 'object'],
  ['plan', 'plan', 'object'],
  ['is_plan_upgrade_possible', 'isPlanUpgradePossible', 'boolean'],
  ['seats_quantity_to_add', 'seatsQuantityToAdd', 'number'],
  ['seats_quantity', 'seatsQuantity', 'number'],
  ['trace_id', 'traceId', 'string'],
  ['kind', 'kind', 'string'],
  ['title', 'title', 'string'],
  ['description', 'description', 'string'],
  ['link_url', 'linkUrl', 'string'],
  ['link_text', 'linkText', 'string'],
  ['data', 'data', 'object'],
];

function hasKind(value: unknown, kind: MetaKind): boolean {
  if (kind === 'list') return Array.isArray(value);
  if (kind === 'object') return isRecord(value);
  return typeof value === kind;
}

/** Clerk's wire `meta` camel-cased; a value of the wrong type is left out (undefined). */
function camelMeta(value: unknown): BackendApiErrorMeta {
  const wire = isRecord(value) ? value : {};
  const meta: Record<string, unknown> = {};
  for (const [wireKey, name, kind] of META_FIELDS) {
    const field = wire[wireKey];
    meta[name] = hasKind(field, kind) ? field : undefined;
  }
  return meta as BackendApiErrorMeta;
}

/**
 * Reads Clerk's error envelope, `{ errors: [{ code, message, long_message, meta }], clerk_trace_id }`,
 * into the shape of Clerk's ClerkAPIError (`longMessage`, camel-cased `meta`). The body may be
 * anything (a proxy's HTML page, nothing at all), so every field is checked.
 */
export function readClerkErrorBody(body: unknown, traceIdHeader: string | null): ClerkErrorInfo {
  const envelope = isRecord(body) ? body : {};
  const list = Array.isArray(envelope.errors) ? envelope.errors : [];
  const errors: BackendApiErrorDetail[] = [];
  for (const item of list) {
    if (!isRecord(item)) continue;
    errors.push({
      code: typeof item.code === 'string' ? item.code : 'unknown',
      message: typeof item.message === 'string' ? item.message : '',
      longMessage: typeof item.long_message === 'string' ? item.long_message : undefined,
      meta: camelMeta(item.meta),
    });
  }
  const traceId = typeof envelope.clerk_trace_id === 'string' ? envelope.clerk_trace_id : traceIdHeader;
  return { errors, clerkTraceId: traceId || undefined };
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
