#!/usr/bin/env node
// Packs every package under packages/ into <out-dir>/<scope>-<name>.tgz (default ./tarballs),
// with `pnpm pack`, which rewrites `workspace:` dependencies to the versions they point at.
// Needs a build first: `npx -y pnpm@10.34.8 run pack` builds, then runs this.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { pnpmCommand } from './pnpm.mjs';

const root = fileURLToPath(new URL('../', import.meta.url));

function fail(message) {
  console.error(`pack: ${message}`);
  process.exit(1);
}

let values;
try {
  ({ values } = parseArgs({ options: { 'out-dir': { type: 'string' } } }));
} catch (error) {
  fail(`${error.message} (usage: node scripts/pack.mjs [--out-dir <dir>])`);
}
const outDir = values['out-dir'] ? resolve(values['out-dir']) : join(root, 'tarballs');

const packages = readdirSync(join(root, 'packages'))
  .map((dir) => join(root, 'packages', dir))
  .filter((dir) => existsSync(join(dir, 'package.json')))
  .map((dir) => ({ dir, manifest: JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) }))
  .filter(({ manifest }) => !manifest.private);

// A tarball without dist/ installs fine and fails at the first import: refuse to make one.
for (const { dir, manifest } of packages) {
  if (!existsSync(join(dir, manifest.main ?? 'dist/index.js')))
    fail(`${manifest.name} is not built: run \`npx -y pnpm@10.34.8 run build\` first`);
}

mkdirSync(outDir, { recursive: true });
for (const file of readdirSync(outDir)) {
  if (file.startsWith('sessionguard-') && file.endsWith('.tgz')) rmSync(join(outDir, file));
}

const pnpm = pnpmCommand();
// `%s` is the package name with its scope, `@sessionguard/core` → `sessionguard-core`.
const packed = spawnSync(
  pnpm.command,
  [...pnpm.args, '-r', '--filter', './packages/*', 'pack', '--out', join(outDir, '%s.tgz')],
  { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] },
);
if (packed.error) fail(`could not run pnpm: ${packed.error.message}`);
if (packed.status !== 0) fail(`pnpm pack exited with ${packed.status}`);

const tarballOf = (name) => `${name.replace('@', '').replace('/', '-')}.tgz`;
const missing = packages.filter(({ manifest }) => !existsSync(join(outDir, tarballOf(manifest.name))));
if (missing.length > 0)
  fail(`pnpm pack wrote no tarball for ${missing.map(({ manifest }) => manifest.name).join(', ')}`);

// npm cannot fetch an unpublished @sessionguard dependency, so each line names every tarball it needs.
const byName = new Map(packages.map(({ manifest }) => [manifest.name, manifest]));
function withOwnDependencies(name, seen = new Set()) {
  if (seen.has(name) || !byName.has(name)) return seen;
  for (const dependency of Object.keys(byName.get(name).dependencies ?? {}))
    withOwnDependencies(dependency, seen);
  return seen.add(name);
}

console.log(`Packed ${packages.length} packages into ${outDir}.`);
console.log(
  'Copy that folder into your project as tarballs/ (its package.json will point there), then, in it:',
);
for (const { manifest } of packages) {
  const files = [...withOwnDependencies(manifest.name)].map((name) => `./tarballs/${tarballOf(name)}`);
  console.log(`  # ${manifest.name}\n  npm install ${files.join(' ')}`);
}
