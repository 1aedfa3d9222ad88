import type { IncomingMessage, ServerResponse } from 'node:http';
import { answerSafely, hasBearer, sendClerkError, sendJson } from './http-answers.js';
import type { MachineTokenKind, MachineTokenStore } from './machine-tokens.js';

/** Clerk's verify endpoints: no `/v1` segment, each with its own body field. */
const VERIFY_ENDPOINTS: Record<string, { kind: MachineTokenKind; field: string }> = {
  '/api_keys/verify': { kind: 'api_key', field: 'secret' },
  '/m2m_tokens/verify': { kind: 'm2m_token', field: 'token' },
  '/oauth_applications/access_tokens/verify': { kind: 'oauth_token', field: 'access_token' },
};

/** Verify bodies are one token in JSON; anything much larger is a mistake or an attack. */
const MAX_BODY_BYTES = 64 * 1024;

export interface MachineVerifyRoute {
  kind: 'machine-verify';
  tokenKind: MachineTokenKind;
  field: string;
}

export function machineVerifyRouteOf(pathname: string): MachineVerifyRoute | undefined {
  const endpoint = Object.hasOwn(VERIFY_ENDPOINTS, pathname) ? VERIFY_ENDPOINTS[pathname] : undefined;
  return endpoint && { kind: 'machine-verify', tokenKind: endpoint.kind, field: endpoint.field };
}

export interface MachineVerifyStats {
  machineVerifications: number;
  machineVerificationPeakConcurrency: number;
}

/** Counts verify requests and the most in flight at once (until each response closes). */
export class MachineVerifyTraffic {
  delayMs = 0;
  private inFlight = 0;

  constructor(private readonly stats: MachineVerifyStats) {}

  begin(response: ServerResponse): void {
    this.stats.machineVerifications += 1;
    this.inFlight += 1;
    this.stats.machineVerificationPeakConcurrency = Math.max(
      this.stats.machineVerificationPeakConcurrency,
      this.inFlight,
    );
    response.once('close', () => {
      this.inFlight -= 1;
    });
  }

  /** After a reset the peak starts from what is still in flight, not from zero. */
  reset(): void {
    this.stats.machineVerifications = 0;
    this.stats.machineVerificationPeakConcurrency = this.inFlight;
  }
}

export interface MachineVerifyContext {
  secretKey: string;
  machineSecretKey: string;
  tokens: MachineTokenStore;
  traffic: MachineVerifyTraffic;
  schedule(ms: number, task: () => void): void;
}

/** The body's token field, or undefined when the body is not `{ "<field>": "<non-empty string>" }`. */
function tokenFromBody(text: string, field: string): string | undefined {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof body !== 'object' || body === null || !Object.hasOwn(body, field)) return undefined;
  const value = (body as Record<string, unknown>)[field];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

export function readBody(request: IncomingMessage, done: (text: string | undefined) => void): void {
  const chunks: Buffer[] = [];
  let size = 0;
  request.on('data', (chunk: Buffer) => {
    size += chunk.length;
    if (size <= MAX_BODY_BYTES) chunks.push(chunk);
  });
  request.on('end', () => done(size <= MAX_BODY_BYTES ? Buffer.concat(chunks).toString('utf8') : undefined));
}

/** Answers a verify request as Clerk does: 401 for a wrong key, 404 for an unknown token, else the JSON. */
export function answerMachineVerify(
  context: MachineVerifyContext,
  request: IncomingMessage,
  response: ServerResponse,
  route: MachineVerifyRoute,
): void {
  const acceptedKeys =
    route.tokenKind === 'm2m_token' ? [context.machineSecretKey, context.secretKey] : [context.secretKey];
  readBody(request, (text) => {
    const answer = (): void =>
      answerSafely(response, () => {
        if (!hasBearer(request, ...acceptedKeys)) {
          sendClerkError(response, 401, 'authentication_invalid');
          return;
        }
        const token = text === undefined ? undefined : tokenFromBody(text, route.field);
        if (token === undefined) {
          sendClerkError(response, 400, 'request_body_invalid');
          return;
        }
        const found = context.tokens.verify(route.tokenKind, token);
        if (found === undefined) sendClerkError(response, 404, 'resource_not_found');
        else sendJson(response, 200, found);
      });
    if (context.traffic.delayMs > 0) context.schedule(context.traffic.delayMs, answer);
    else answer();
  });
}
