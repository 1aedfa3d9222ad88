import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// Tests that need the core's internals import them by name, `@sessionguard/core/internal/<path>.js`,
// without the package publishing them: this alias (and `paths` in tests/tsconfig.json) maps the name
// onto the same dist build the root import loads, so there is one module of each (instanceof works).
const coreDist = fileURLToPath(new URL('./packages/core/dist/', import.meta.url));

export default defineConfig({
  resolve: {
    alias: [{ find: /^@sessionguard\/core\/internal\/(.+)$/, replacement: `${coreDist}$1` }],
  },
  test: {
    include: ['tests/**/*.test.ts'],
    testTimeout: 20_000,
    hookTimeout: 20_000,
    pool: 'forks',
    reporters: ['default'],
  },
});
