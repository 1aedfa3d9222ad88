import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Demo, startDemo } from '../../examples/demo/demo.js';
import { curlBlock, expectDemoAnswers } from './curl.js';

describe.each(['express', 'connect', 'fastify', 'hono'])('demo pages (%s)', (framework) => {
  let demo: Demo;

  beforeAll(async () => {
    demo = await startDemo({ framework, port: 0 });
  }, 30_000);

  afterAll(async () => {
    await demo?.close();
  });

  it('serves its icon at /favicon.ico and /favicon.svg and its stylesheet, also after a 404 page', async () => {
    const missing = await fetch(`${demo.url}/no-such-page`);
    expect(missing.status).toBe(404);
    for (const [path, type] of [
      ['/favicon.ico', 'image/svg+xml'],
      ['/favicon.svg', 'image/svg+xml'],
      ['/demo.css', 'text/css; charset=utf-8'],
    ]) {
      const response = await fetch(`${demo.url}${path}`);
      expect(response.status, path).toBe(200);
      expect(response.headers.get('content-type'), path).toBe(type);
      expect((await response.text()).length, path).toBeGreaterThan(100);
    }
    const head = await fetch(`${demo.url}/favicon.ico`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    // Only GET and HEAD: anything else goes on to the app.
    expect((await fetch(`${demo.url}/favicon.ico`, { method: 'POST' })).status).toBe(404);
  });

  it('the page and /account name the viewport, the icon and the stylesheet', async () => {
    for (const path of ['/', '/account']) {
      const response = await fetch(`${demo.url}${path}`, { headers: { accept: 'application/json' } });
      expect(response.status, path).toBe(200);
      const html = await response.text();
      expect(html, path).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
      expect(html, path).toContain('<link rel="icon" href="/favicon.svg" type="image/svg+xml">');
      expect(html, path).toContain('<link rel="stylesheet" href="/demo.css">');
    }
  });

  it("the page's curl lines export the tokens first and answer 200 and the step-up 403", async () => {
    const response = await fetch(`${demo.url}/demo/curl`, { method: 'POST' });
    expect(response.status).toBe(200);
    const { lines } = (await response.json()) as { lines: string[] };
    expect(lines[0]).toMatch(/^export TOKEN=ey/);
    await expectDemoAnswers(curlBlock(lines.join('\n')));
  });
});
