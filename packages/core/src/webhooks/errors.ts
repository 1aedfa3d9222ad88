/** Every reason a webhook delivery is refused (SPEC §10). Stable strings: apps and logs match on them. */
export const WebhookVerificationErrorReason = {
  HeadersMissing: 'webhook-headers-missing',
  TimestampInvalid: 'webhook-timestamp-invalid',
  TimestampOutOfTolerance: 'webhook-timestamp-out-of-tolerance',
  SignatureInvalid: 'webhook-signature-invalid',
  Replayed: 'webhook-replayed',
  BodyTooLarge: 'webhook-body-too-large',
  BodyInvalid: 'webhook-body-invalid',
} as const;

export type WebhookVerificationErrorReason =
  (typeof WebhookVerificationErrorReason)[keyof typeof WebhookVerificationErrorReason];

/**
 * A webhook delivery was refused. `status` is the HTTP status to answer (413 for the size, else 400).
 * The message never holds the signing secret, a signature or anything read from the body.
 */
export class WebhookVerificationError extends Error {
  override readonly name = 'WebhookVerificationError';
  readonly code = 'webhook-verification-failed';
  readonly reason: WebhookVerificationErrorReason;
  readonly status: 400 | 413;

  constructor(reason: WebhookVerificationErrorReason, message: string) {
    super(message);
    this.reason = reason;
    this.status = reason === WebhookVerificationErrorReason.BodyTooLarge ? 413 : 400;
  }
}
