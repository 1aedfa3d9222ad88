// How a script calls pnpm: the pnpm that is running it (`pnpm run …` sets npm_execpath), else
// the version pinned in package.json through npx, so a machine with only Node works too.
import { readFileSync } from 'node:fs';

const root = new URL('../', import.meta.url);

/** @returns {{ command: string, args: string[] }} the command and leading arguments that run pnpm */
export function pnpmCommand() {
  const execPath = process.env.npm_execpath ?? '';
  if (/pnpm(\.c?js)?$/.test(execPath)) {
    // pnpm.cjs is a script for this Node; a standalone pnpm binary runs by itself.
    return /\.c?js$/.test(execPath)
      ? { command: process.execPath, args: [execPath] }
      : { command: execPath, args: [] };
  }
  const { packageManager } = JSON.parse(readFileSync(new URL('package.json', root), 'utf8'));
  return { command: 'npx', args: ['-y', packageManager] };
}
