// The demo's command line, checked before anything is built or started. Imports only node:util,
// so it runs on a fresh checkout before the packages exist.
import { parseArgs } from 'node:util';
import { DemoError } from './errors.js';

export const FRAMEWORKS = ['express', 'connect', 'fastify', 'hono'];
const OPTIONS = `--framework ${FRAMEWORKS.join('|')}, --port <0-65535>, --host <address>`;
const USAGE_EXIT = 2;

const usageError = (problem) => new DemoError(`demo: ${problem}`, USAGE_EXIT);

/** Throws the one-line DemoError for a framework the demo has no app for. */
export function assertFramework(framework) {
  if (!FRAMEWORKS.includes(framework))
    throw usageError(`unknown --framework "${framework}"; choose one of ${FRAMEWORKS.join(', ')}`);
}

/** Reads `--framework`, `--port`, `--host` (and the root script's `--build`); throws a DemoError. */
export function parseDemoArgs(argv) {
  let values;
  try {
    ({ values } = parseArgs({
      // `pnpm demo -- --port 4000` passes the `--` along: it separates nothing here.
      args: argv.filter((arg) => arg !== '--'),
      options: {
        framework: { type: 'string', default: 'express' },
        port: { type: 'string', default: '3000' },
        host: { type: 'string', default: '127.0.0.1' },
        build: { type: 'boolean', default: false },
      },
    }));
  } catch (error) {
    // parseArgs's own messages are long and suggest `--`: name the argument and the options.
    const argument = (error.message.match(/'([^']+)'/)?.[1] ?? error.message).replace(' <value>', '');
    if (error.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE')
      throw usageError(`${argument} needs a value (options: ${OPTIONS})`);
    if (error.code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL')
      throw usageError(`unexpected argument "${argument}" (options: ${OPTIONS})`);
    throw usageError(`unknown option ${argument} (options: ${OPTIONS})`);
  }

  assertFramework(values.framework);
  if (!/^\d{1,5}$/.test(values.port) || Number(values.port) > 65535)
    throw usageError(`--port must be a whole number from 0 to 65535, not "${values.port}"`);
  if (values.host.trim() === '') throw usageError('--host needs an address, such as 127.0.0.1 or 0.0.0.0');

  return { framework: values.framework, port: Number(values.port), host: values.host, build: values.build };
}
