// Child processes run as a user would run them: a command, its output, its exit code.
import { type ChildProcess, spawn } from 'node:child_process';

export interface Finished {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface Running {
  /** The match of `ready` in the process's stdout. */
  ready: RegExpMatchArray;
  /** Everything the process has written to stdout so far. */
  stdout(): string;
  /** Everything the process has written to stderr so far. */
  stderr(): string;
  stop(): Promise<void>;
}

export interface ProcessOptions {
  cwd: string;
  env?: NodeJS.ProcessEnv;
}

/** Only what a child needs from this environment: no CLERK_* and no npm_* of the test run. */
export function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (!/^(CLERK_|npm_|PNPM_|VITEST)/i.test(name)) env[name] = value;
  }
  return { ...env, ...extra };
}

function start(command: string, args: string[], options: ProcessOptions): ChildProcess {
  return spawn(command, args, {
    cwd: options.cwd,
    env: options.env ?? cleanEnv(),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** Runs a command to its end. */
export function run(command: string, args: string[], options: ProcessOptions): Promise<Finished> {
  const child = start(command, args, options);
  let stdout = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
  });
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Starts a server process and resolves once its stdout matches `ready`; rejects if it exits first. */
export function startServer(
  command: string,
  args: string[],
  options: ProcessOptions & { ready: RegExp },
): Promise<Running> {
  const child = start(command, args, options);
  let stdout = '';
  let stderr = '';
  const exited = new Promise<void>((resolve) => child.once('close', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
  };
  return new Promise((resolve, reject) => {
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      const ready = stdout.match(options.ready);
      if (ready) resolve({ ready, stdout: () => stdout, stderr: () => stderr, stop });
    });
    child.once('error', reject);
    child.once('close', (code) =>
      reject(new Error(`${args.join(' ')} exited (${code}) before it was ready:\n${stdout}\n${stderr}`)),
    );
  });
}
