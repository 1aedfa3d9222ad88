export type HeaderRecord = Record<string, string | string[] | undefined>;

/** A WHATWG Request, or anything shaped like Node's IncomingMessage. Never converted per request. */
export type RequestLike =
  | Request
  | {
      method?: string;
      url?: string;
      headers: Headers | HeaderRecord;
      /** Node's raw header list: lets us see duplicate headers that Node folds away (Authorization). */
      rawHeaders?: readonly string[];
    };

function isHeaders(headers: Headers | HeaderRecord): headers is Headers {
  return typeof (headers as Headers).get === 'function' && typeof (headers as Headers).has === 'function';
}

/** One header as sent: a string, a list when repeated, or undefined. Names are lower case. */
export function readHeader(request: RequestLike, name: string): string | string[] | undefined {
  const headers = request.headers;
  if (isHeaders(headers)) return headers.get(name) ?? undefined;
  return headers[name];
}

/** `header.toLowerCase() === lowerName` for a lower-case ASCII name, without allocating for ASCII headers. */
function sameLowerCase(header: string, lowerName: string): boolean {
  for (let i = 0; i < header.length; i++) {
    const c = header.charCodeAt(i);
    if (c > 0x7f) return header.toLowerCase() === lowerName; // non-ASCII: let Unicode rules decide
    if ((c >= 0x41 && c <= 0x5a ? c + 0x20 : c) !== lowerName.charCodeAt(i)) return false;
  }
  return true;
}

/** How many times a header was sent, where the request can tell (Node folds some duplicates). */
export function countRawHeader(request: RequestLike, name: string): number {
  const raw = (request as { rawHeaders?: unknown }).rawHeaders;
  if (!Array.isArray(raw)) return 1;
  let count = 0;
  for (let i = 0; i < raw.length; i += 2) {
    const header = raw[i];
    if (typeof header === 'string' && header.length === name.length && sameLowerCase(header, name)) count++;
  }
  return count;
}

export function requestMethod(request: RequestLike): string {
  return (request.method ?? 'GET').toUpperCase();
}

/** The request URL as given: absolute for WHATWG requests, path plus query for Node's. */
export function requestUrl(request: RequestLike): string {
  return request.url ?? '/';
}
