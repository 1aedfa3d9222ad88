// The A/B mode's base (BENCH_BASE=<git rev>): the repository at that revision, exported into a
// temporary folder outside the repository, installed and built, so that the base cases' children
// load its @sessionguard/* packages (lib/modules.js). An export (`git archive`), not a worktree: the
// repository's own state is left untouched, and removing the folder is the whole clean-up.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Written into the base tree's bench folder: imports a name as that folder resolves it. */
const IMPORTER = 'bench-import-from-here.mjs';

function run(command, args, cwd) {
  try {
    execFileSync(command, args, { cwd, stdio: 'pipe', maxBuffer: 64 * 1024 * 1024 });
    return undefined;
  } catch (error) {
    const output = `${error.stdout ?? ''}${error.stderr ?? ''}`.trim().split('\n').slice(-15).join('\n');
    return `${command} ${args.join(' ')} failed (${error.status ?? error.message}):\n${output}`;
  }
}

/** The pnpm the tree pins (`packageManager` in its package.json). */
function pinnedPnpm(dir) {
  const { packageManager } = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  if (!packageManager?.startsWith('pnpm@')) {
    throw new Error(`the base revision pins no pnpm (packageManager is ${packageManager})`);
  }
  return packageManager.split('+')[0];
}

/**
 * Exports `rev` of the repository at `repoDir`, installs it (offline first, from the local store,
 * then online) and builds its packages. Returns { rev, commit, subject, modulesFrom }. The folder is
 * removed when this process exits, however the run ends (the caller turns SIGINT and SIGTERM into
 * an exit), or at once if preparing fails.
 */
export function prepareBaseTree(rev, { repoDir, log }) {
  const git = (...args) => execFileSync('git', ['-C', repoDir, ...args], { encoding: 'utf8' }).trim();
  let commit;
  try {
    commit = git('rev-parse', '--verify', '--quiet', '--end-of-options', `${rev}^{commit}`);
  } catch {
    throw new Error(`BENCH_BASE: ${rev} names no commit of this repository (a git revision expected)`);
  }
  const subject = git('log', '-1', '--format=%s', commit);
  const dir = mkdtempSync(join(tmpdir(), 'sessionguard-bench-base-'));
  const remove = () => rmSync(dir, { recursive: true, force: true });
  process.once('exit', remove);
  try {
    log(`A/B: exporting ${rev} (${commit.slice(0, 10)}) into ${dir}`);
    const tree = join(dir, 'tree');
    const tar = join(dir, 'tree.tar');
    git('archive', '--format=tar', '--prefix=tree/', `--output=${tar}`, commit);
    execFileSync('tar', ['-xf', tar, '-C', dir]);
    rmSync(tar);
    const pnpm = ['-y', pinnedPnpm(tree)];
    log(`A/B: installing the base tree (${pnpm[1]}, offline first)`);
    const offline = run('npx', [...pnpm, 'install', '--frozen-lockfile', '--offline'], tree);
    if (offline) {
      log('A/B: the offline install failed; installing online');
      const online = run('npx', [...pnpm, 'install', '--frozen-lockfile'], tree);
      if (online) throw new Error(`A/B: installing ${rev} failed:\n${offline}\n${online}`);
    }
    log('A/B: building the base tree');
    const built = run('npx', [...pnpm, 'run', 'build'], tree);
    if (built) throw new Error(`A/B: building ${rev} failed:\n${built}`);
    const modulesFrom = join(tree, 'bench', IMPORTER);
    writeFileSync(modulesFrom, 'export default (name) => import(name);\n');
    return { rev, commit, subject, modulesFrom };
  } catch (error) {
    remove();
    throw error;
  }
}
