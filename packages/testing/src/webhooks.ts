import { createHmac, randomBytes } from 'node:crypto';
import { randomId } from './random.js';

/** An event to deliver: an object (sent as `JSON.stringify` of it) or the exact body text. */
export type WebhookEventInput = { type: string; data: unknown; [field: string]: unknown } | string;

export interface SignWebhookOptions {
  /** Default: a fresh `msg_…` id. */
  id?: string;
  /** Seconds since the epoch; default now. */
  timestamp?: number;
  /** Header names: Svix's (Clerk sends these; default) or the Standard Webhooks names. */
  headerNames?: 'svix' | 'webhook';
}

export interface SignedWebhook {
  headers: Record<string, string>;
  body: string;
}

/** Signs deliveries the way Svix does for Clerk: HMAC-SHA256 of `${id}.${timestamp}.${body}`. */
export class WebhookSigner {
  /** `whsec_` + base64 of 24 random bytes, like Clerk's dashboard shows. */
  readonly signingSecret = `whsec_${randomBytes(24).toString('base64')}`;
  private readonly key = Buffer.from(this.signingSecret.slice('whsec_'.length), 'base64');

  sign(event: WebhookEventInput, options: SignWebhookOptions = {}): SignedWebhook {
    const body = typeof event === 'string' ? event : JSON.stringify({ object: 'event', ...event });
    const id = options.id ?? randomId('msg');
    const timestamp = String(options.timestamp ?? Math.floor(Date.now() / 1000));
    const signature = createHmac('sha256', this.key).update(`${id}.${timestamp}.${body}`).digest('base64');
    const prefix = options.headerNames ?? 'svix';
    return {
      headers: {
        'content-type': 'application/json',
        [`${prefix}-id`]: id,
        [`${prefix}-timestamp`]: timestamp,
        [`${prefix}-signature`]: `v1,${signature}`,
      },
      body,
    };
  }

  /** A real signed POST to `url`, as Clerk's webhook delivery makes it. */
  send(url: string, event: WebhookEventInput, options?: SignWebhookOptions): Promise<Response> {
    const { headers, body } = this.sign(event, options);
    return fetch(url, { method: 'POST', headers, body });
  }
}
