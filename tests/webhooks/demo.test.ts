import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Demo, startDemo } from '../../examples/demo/demo.js';

describe.each(['express', 'connect', 'fastify', 'hono'])('demo on %s: webhooks', (framework) => {
  let demo: Demo;
  let base: string;
  beforeAll(async () => {
    demo = await startDemo({ framework, port: 0, host: '127.0.0.1' });
    base = demo.url.replace('localhost', '127.0.0.1');
  });
  afterAll(() => demo?.close());

  const signIn = (role: string) =>
    fetch(`${base}/demo/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ role, fva: 'now' }),
    });
  const events = async () =>
    (await (await fetch(`${base}/api/webhooks/events`)).json()) as Array<{
      type: string;
      id: string;
      publicMetadata: { demoRole: string };
    }>;

  it('lists a user.updated event each time sign-in changes the user, newest first', async () => {
    expect(await events()).toEqual([]);
    expect((await signIn('org:admin')).status).toBe(200);
    expect(await events()).toMatchObject([
      { type: 'user.updated', id: 'user_demo', publicMetadata: { demoRole: 'org:admin' } },
    ]);
    await signIn('org:admin'); // the same role: the user did not change, no event
    expect(await events()).toHaveLength(1);
    await signIn('org:member');
    expect((await events()).map((e) => e.publicMetadata.demoRole)).toEqual(['org:member', 'org:admin']);
  });

  it('refuses a tampered, a replayed and a too large delivery with the reason', async () => {
    const post = (delivery: { headers: Record<string, string>; body: string }) =>
      fetch(`${base}/api/webhooks`, { method: 'POST', headers: delivery.headers, body: delivery.body });
    const event = { type: 'user.updated', data: { object: 'user', id: 'user_demo' } };
    const signed = demo.issuer.signWebhook(event);
    expect((await post({ ...signed, body: signed.body.replace('user_demo', 'user_evil') })).status).toBe(400);
    expect((await post(signed)).status).toBe(200);
    const replayed = await post(signed);
    expect(replayed.status).toBe(400);
    expect(await replayed.json()).toEqual({ error: 'bad_request', reason: 'webhook-replayed' });
    const big = demo.issuer.signWebhook({ ...event, data: { ...event.data, pad: 'x'.repeat(2 << 20) } });
    const tooLarge = await post(big);
    expect(tooLarge.status).toBe(413);
  });
});
