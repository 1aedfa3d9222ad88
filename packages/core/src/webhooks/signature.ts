import { Webhook } from 'standardwebhooks';
import type { DeliveryHeaders } from './delivery-headers.js';
import { WebhookVerificationError, WebhookVerificationErrorReason } from './errors.js';

/**
 * HMAC-SHA256 over `${id}.${timestamp}.${body}` computed by the Standard Webhooks reference library
 * (Clerk uses it), built once per secret. Its `verify()` is not used: it reads `Date.now()` with a
 * fixed 5-minute tolerance, knows only the `webhook-*` names and parses `"123abc"` as a timestamp;
 * we check those ourselves (SPEC §10) and compare the signature list here.
 */
export class SignatureChecker {
  private readonly webhook: Webhook;
  private readonly encoder = new TextEncoder();

  constructor(signingSecret: string) {
    this.webhook = new Webhook(signingSecret);
  }

  /** Passes when one `v1,<base64>` entry of the space-separated list matches (secret rotation). */
  check(headers: DeliveryHeaders, timestampSeconds: number, body: string): void {
    const expected = this.encoder.encode(
      this.webhook.sign(headers.id, new Date(timestampSeconds * 1000), body).slice('v1,'.length),
    );
    let matched = false;
    for (const entry of headers.signature.split(' ')) {
      if (!entry.startsWith('v1,')) continue; // other schemes (v1a: asymmetric) are not ours
      // Every entry is compared, so the time taken does not tell which one matched.
      if (constantTimeEqual(this.encoder.encode(entry.slice(3)), expected)) matched = true;
    }
    if (!matched) {
      throw new WebhookVerificationError(
        WebhookVerificationErrorReason.SignatureInvalid,
        'No webhook signature matches the signing secret.',
      );
    }
  }
}

function constantTimeEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.byteLength !== b.byteLength) return false;
  let difference = 0;
  for (let i = 0; i < a.byteLength; i++) difference |= (a[i] as number) ^ (b[i] as number);
  return difference === 0;
}
