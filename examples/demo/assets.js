// The demo's static files (its stylesheet and icon), framework-neutral and read once at start-up.
// Served in front of every framework's app, so every page it answers, a framework's own 404 and
// error pages included, finds /favicon.ico instead of a 404.
import { readFileSync } from 'node:fs';

const read = (name) => readFileSync(new URL(`./assets/${name}`, import.meta.url));
const icon = read('favicon.svg');

const ASSETS = new Map([
  ['/demo.css', { type: 'text/css; charset=utf-8', body: read('demo.css') }],
  ['/favicon.svg', { type: 'image/svg+xml', body: icon }],
  // Browsers ask for /favicon.ico on pages that name no icon.
  ['/favicon.ico', { type: 'image/svg+xml', body: icon }],
]);

/** The `<head>` lines every page the demo renders carries: its viewport, icon and stylesheet. */
export const HEAD_LINKS = [
  '<meta name="viewport" content="width=device-width, initial-scale=1">',
  '<link rel="icon" href="/favicon.svg" type="image/svg+xml">',
  '<link rel="stylesheet" href="/demo.css">',
].join('\n');

/** Answers GET/HEAD for a static file and returns true; returns false for everything else. */
export function serveAsset(req, res) {
  if (req.method !== 'GET' && req.method !== 'HEAD') return false;
  const asset = ASSETS.get((req.url ?? '/').split('?')[0]);
  if (!asset) return false;
  res.statusCode = 200;
  res.setHeader('content-type', asset.type);
  res.setHeader('content-length', asset.body.length);
  res.setHeader('cache-control', 'no-cache');
  res.end(req.method === 'HEAD' ? undefined : asset.body);
  return true;
}
