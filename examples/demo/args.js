// The demo's command line, checked before anything is built or started. Imports only node:util,
// so it runs on a fresh checkout before the packages exist.
import { parseArgs } from 'node:util';
import { DemoError } from './errors.js';

export const FRAMEWORKS = ['express', 'connect', 'fastify', 'hono'];
export const INSTANCES = ['development', 'production'];
/** Clerk's session tokens live 60 s. */
export const DEFAULT_SESSION_LIFETIME = 60;
const OPTIONS = `--framework ${FRAMEWORKS.join('|')}, --port <0-65535>, --host <address>, --instance ${INSTANCES.join('|')}, --session-lifetime <seconds>`;
const USAGE_EXIT = 2;

const usageError = (problem) => new DemoError(`demo: ${problem}`, USAGE_EXIT);

/** Throws the one-line DemoError for a framework the demo has no app for. */
export function assertFramework(framework) {
  if (!FRAMEWORKS.includes(framework))
    throw usageError(`unknown --framework "${framework}"; choose one of ${FRAMEWORKS.join(', ')}`);
}

/** Throws the one-line DemoError for an instance the test issuer cannot play. */
export function assertInstance(instance) {
  if (!INSTANCES.includes(instance))
    throw usageError(`unknown --instance "${instance}"; choose one of ${INSTANCES.join(', ')}`);
}

/** Throws the one-line DemoError for a session lifetime that is not a whole number of seconds from 1. */
export function assertSessionLifetime(seconds) {
  if (!Number.isInteger(seconds) || seconds < 1 || seconds > 86_400)
    throw usageError(
      `--session-lifetime must be a whole number of seconds from 1 to 86400, not "${seconds}"`,
    );
}

/** Reads `--framework`, `--port`, `--host`, `--instance`, `--session-lifetime` (and the root script's `--build`); throws a DemoError. */
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
        instance: { type: 'string', default: 'development' },
        'session-lifetime': { type: 'string', default: String(DEFAULT_SESSION_LIFETIME) },
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

  assertInstance(values.instance);
  const lifetime = values['session-lifetime'];
  assertSessionLifetime(/^\d{1,5}$/.test(lifetime) ? Number(lifetime) : lifetime);

  return {
    framework: values.framework,
    port: Number(values.port),
    host: values.host,
    instance: values.instance,
    sessionLifetimeInSeconds: Number(lifetime),
    build: values.build,
  };
}
