// The chaos run is no workspace package: it loads the built packages and the frameworks from the
// tests workspace, which depends on all of them.
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

const fromTests = createRequire(new URL('../../tests/package.json', import.meta.url));

/** `import(name)` as the tests workspace resolves it. */
export function load(name) {
  return import(pathToFileURL(fromTests.resolve(name)).href);
}
