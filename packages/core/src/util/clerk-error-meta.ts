/**
 * The `meta` of one of Clerk's API errors, camel-cased as `@clerk/shared`'s ClerkAPIError has it
 * (snake_case on the wire). A type only; it lives here so that errors.ts, at the bottom of the
 * layers, can name it.
 */
export interface BackendApiErrorMeta {
  paramName?: string;
  sessionId?: string;
  emailAddresses?: string[];
  identifiers?: string[];
  zxcvbn?: { suggestions: { code: string; message: string }[] };
  plan?: Record<string, string>;
  isPlanUpgradePossible?: boolean;
  seatsQuantityToAdd?: number;
  seatsQuantity?: number;
  traceId?: string;
  kind?: string;
  title?: string;
  description?: string;
  linkUrl?: string;
  linkText?: string;
  data?: Record<string, string | number | boolean>;
}
