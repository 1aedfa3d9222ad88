import { readdirSync, readFileSync } from 'node:fs';
import { join, posix, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

// The layers of packages/core/src, bottom to top (packages/core/README.md, "Layers"). A file may
// import (types included) from its own layer and the layers below, never from one above: so the
// lower layers stay usable and testable without the upper ones, and no cycle can form.
const LAYERS: readonly (readonly string[])[] = [
  ['util/', 'version.ts'],
  ['errors.ts'],
  ['types/'],
  ['crypto/'],
  ['token/'],
  ['claims/'],
  ['keys/'],
  ['verify/'],
  ['backend-api/'],
  ['machine/'],
  ['webhooks/'],
  ['routes/'],
  ['options/', 'options.ts'],
  ['auth/', 'request-state.ts'],
  ['browser/'],
  ['http/'],
  ['authenticate/'],
  ['authenticator.ts'],
  ['tenant.ts'],
  ['adapter/'],
  [
    'core-api.ts',
    'shared-exports.ts',
    'index.ts',
    'index.node.ts',
    'adapter-exports.ts',
    'adapter.ts',
    'adapter.node.ts',
  ],
];

const CORE = fileURLToPath(new URL('../../packages/core/', import.meta.url));
const SOURCE = join(CORE, 'src');

/** The layer of a path relative to src (posix), or -1 when it has none. */
function layerOf(path: string): number {
  return LAYERS.findIndex((members) =>
    members.some((member) => (member.endsWith('/') ? path.startsWith(member) : path === member)),
  );
}

function layerName(index: number): string {
  return LAYERS[index]?.join(' ') ?? '(none)';
}

/** Every module specifier a file names: imports, `import type`, re-exports, `import()`. */
function specifiersOf(source: string): string[] {
  return ts.preProcessFile(source, true, true).importedFiles.map((file) => file.fileName);
}

/** What a set of source files (path relative to src → text) breaks of the layer rule. */
function layerViolations(files: ReadonlyMap<string, string>, packages: ReadonlySet<string>): string[] {
  const problems: string[] = [];
  for (const [file, source] of files) {
    const own = layerOf(file);
    if (own < 0) {
      problems.push(`${file} is in no layer: add it to LAYERS (and to the README's diagram)`);
      continue;
    }
    for (const specifier of specifiersOf(source)) {
      if (!specifier.startsWith('.')) {
        // A package: the core depends on no framework and on none of our adapters.
        const name = specifier.startsWith('@')
          ? specifier.split('/').slice(0, 2).join('/')
          : specifier.split('/')[0];
        if (!specifier.startsWith('node:') && !packages.has(name ?? '')) {
          problems.push(`${file} imports ${specifier}, which is not a dependency of the core`);
        }
        continue;
      }
      const target = posix.normalize(posix.join(posix.dirname(file), specifier)).replace(/\.js$/, '.ts');
      const layer = target.startsWith('../') ? -1 : layerOf(target);
      if (layer < 0) problems.push(`${file} imports ${specifier}, which is outside every layer`);
      else if (layer > own) {
        problems.push(
          `${file} (layer ${layerName(own)}) imports ${specifier} from a layer above it (${layerName(layer)})`,
        );
      }
    }
  }
  return problems;
}

function sourceFiles(directory: string): Map<string, string> {
  const files = new Map<string, string>();
  for (const entry of readdirSync(directory, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.ts')) continue;
    const path = join(entry.parentPath, entry.name);
    files.set(relative(directory, path).split(sep).join('/'), readFileSync(path, 'utf8'));
  }
  return files;
}

const manifest = JSON.parse(readFileSync(join(CORE, 'package.json'), 'utf8')) as {
  dependencies?: Record<string, string>;
};
const corePackages: ReadonlySet<string> = new Set(Object.keys(manifest.dependencies ?? {}));

describe('core layers: imports point down only', () => {
  it('no file of packages/core/src imports from a layer above its own', () => {
    const files = sourceFiles(SOURCE);
    expect(files.size).toBeGreaterThan(50);
    expect(files.has('verify/token-verifier.ts')).toBe(true);
    expect(files.has('authenticate/session-path.ts')).toBe(true);
    expect(layerViolations(files, corePackages)).toEqual([]);
  });

  it('the check sees an upward import, types and multi-line re-exports included', () => {
    const files = new Map([
      ['keys/jwks.ts', "import type { Logger } from '../options.js';\n"],
      ['token/decode-jwt.ts', "export type {\n  SessionClaims,\n} from '../claims/session-claims.js';\n"],
      ['verify/token-verifier.ts', "type R = typeof import('../authenticator.js');\n"],
      ['claims/time.ts', "import { x } from '../../../connect/src/index.js';\n"],
      ['crypto/new-thing.ts', "import { hono } from 'hono';\n"],
      ['somewhere/new.ts', ''],
    ]);
    expect(layerViolations(files, corePackages)).toEqual([
      'keys/jwks.ts (layer keys/) imports ../options.js from a layer above it (options/ options.ts)',
      'token/decode-jwt.ts (layer token/) imports ../claims/session-claims.js from a layer above it (claims/)',
      'verify/token-verifier.ts (layer verify/) imports ../authenticator.js from a layer above it (authenticator.ts)',
      'claims/time.ts imports ../../../connect/src/index.js, which is outside every layer',
      'crypto/new-thing.ts imports hono, which is not a dependency of the core',
      "somewhere/new.ts is in no layer: add it to LAYERS (and to the README's diagram)",
    ]);
  });

  it('imports down and within a layer are allowed', () => {
    const files = new Map([
      [
        'verify/token-verifier.ts',
        "import { a } from '../keys/key-source.js';\nimport { b } from './verified-token-cache.js';\n",
      ],
      ['request-state.ts', "import type { AuthObject } from './auth/auth-object.js';\n"],
      [
        'backend-api/lookup-cache.ts',
        "import { LRUCache } from 'lru-cache';\nimport { x } from 'node:crypto';\n",
      ],
    ]);
    expect(layerViolations(files, corePackages)).toEqual([]);
  });
});
