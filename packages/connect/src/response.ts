import type { IncomingMessage, ServerResponse } from 'node:http';
import type { HttpOutcome } from '@sessionguard/core/adapter';

// The shapes and the one write that the middleware, the guards and not-called.ts share: here, so that
// none of them imports another.

export type Next = (error?: unknown) => void;
export type Middleware<Req = IncomingMessage, Res = ServerResponse, N extends Next = Next> = (
  req: Req,
  res: Res,
  next: N,
) => void;

/**
 * Whether the response is already on its way (a timeout middleware answered while we verified):
 * then a late result is dropped, as writing a header now throws ERR_HTTP_HEADERS_SENT (SPEC §6).
 */
export function responseSent(res: ServerResponse): boolean {
  return res.headersSent || res.writableEnded;
}

export function writeOutcome(res: ServerResponse, outcome: HttpOutcome): void {
  res.statusCode = outcome.status;
  for (const name in outcome.headers) res.setHeader(name, outcome.headers[name]!);
  if (outcome.setCookie !== undefined) appendSetCookie(res, outcome.setCookie);
  res.end(outcome.body);
}

/**
 * Each value its own `Set-Cookie` header, after any already set: a route's own `res.cookie()`
 * (Express) or `res.appendHeader()` keeps ours; `res.setHeader('set-cookie', …)` replaces every one.
 */
export function appendSetCookie(res: ServerResponse, values: readonly string[]): void {
  if (values.length > 0) res.appendHeader('set-cookie', values as string[]);
}

/**
 * Settles a verification that ended later: `onValue` runs, and an error goes to `next`, only while
 * the response is unsent; once it is sent the result is dropped, and nothing is left unhandled.
 */
export function whenUnsent<T>(
  pending: Promise<T>,
  res: ServerResponse,
  next: Next,
  onValue: (value: T) => void,
): void {
  pending.then(
    (value) => {
      if (responseSent(res)) return;
      try {
        onValue(value);
      } catch (error) {
        if (!responseSent(res)) next(error);
      }
    },
    (error: unknown) => {
      if (!responseSent(res)) next(error);
    },
  );
}
