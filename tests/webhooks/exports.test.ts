// SPEC §2 and §10: the core and every adapter export verifyWebhook, WebhookVerificationError (the
// core's class, so instanceof works across packages), its reasons and the narrowing helper.
import * as connect from '@sessionguard/connect';
import type { WebhookEvent, WebhookOptions, WebhookRequest } from '@sessionguard/core';
import * as core from '@sessionguard/core';
import * as express from '@sessionguard/express';
import * as fastify from '@sessionguard/fastify';
import * as hono from '@sessionguard/hono';
import { describe, expect, expectTypeOf, it } from 'vitest';

describe('webhook exports', () => {
  it.each([
    ['connect', connect],
    ['express', express],
    ['fastify', fastify],
    ['hono', hono],
  ] as const)('%s exports verifyWebhook and the core’s error class, reasons and helper', (_, adapter) => {
    expect(typeof adapter.verifyWebhook).toBe('function');
    expect(adapter.WebhookVerificationError).toBe(core.WebhookVerificationError);
    expect(adapter.WebhookVerificationErrorReason).toBe(core.WebhookVerificationErrorReason);
    expect(adapter.isWebhookEventType).toBe(core.isWebhookEventType);
  });

  it('types: the core takes a Request or { headers, body } and resolves to a WebhookEvent', () => {
    expectTypeOf(core.verifyWebhook).parameter(0).toEqualTypeOf<WebhookRequest>();
    expectTypeOf(core.verifyWebhook).parameter(1).toEqualTypeOf<WebhookOptions | undefined>();
    expectTypeOf(core.verifyWebhook).returns.resolves.toEqualTypeOf<WebhookEvent>();
    expectTypeOf<Request>().toExtend<WebhookRequest>();
    expectTypeOf<{ headers: Record<string, string>; body: Uint8Array }>().toExtend<WebhookRequest>();
  });
});
