// Where a bench child imports the packages it measures from (our adapters, the frameworks, Clerk's):
// this tree, or, for an A/B run's base cases, the base revision's tree that run.js built
// (lib/base-tree.js). BENCH_MODULES_FROM is then a module of that tree's bench folder whose default
// export imports a name from there, so every name resolves as in that tree: its @sessionguard/*
// packages, with the frameworks they were installed with (one copy of each, as in an app).
import { pathToFileURL } from 'node:url';

const from = process.env.BENCH_MODULES_FROM;

/** True in a child that measures the base revision's packages. */
export const fromBase = Boolean(from);

/** `import(name)`, resolved in this tree or in the base revision's. */
export const load = from ? (await import(pathToFileURL(from).href)).default : (name) => import(name);
