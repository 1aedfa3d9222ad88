// Runs one app of ./apps in its own process (importing @sessionguard/express installs a `req.auth`
// accessor on express.request that breaks @clerk/express in the same process): as written, against
// Clerk's SDK, or with its import lines rewritten to ours.
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { TestIssuer } from '@sessionguard/testing';
import { cleanEnv, type Running, startServer } from '../demo/processes.js';
import { rewriteImports } from './rewrite.js';

export type Framework = 'express' | 'fastify';
export type AppName = 'session' | 'client' | 'webhooks';
export type Variant = 'clerk' | 'ours';

const appsDir = new URL('./apps/', import.meta.url);
// Inside tests/ so the rewritten file resolves packages from tests/node_modules like the original.
const oursDir = new URL('./.ours/', import.meta.url);

export interface StartedApp {
  url: string;
  stop(): Promise<void>;
  stderr(): string;
}

/** The same env for both SDKs: Clerk's variables, pointing at the test issuer. */
export function clerkEnv(issuer: TestIssuer): NodeJS.ProcessEnv {
  return cleanEnv({
    CLERK_SECRET_KEY: issuer.secretKey,
    CLERK_PUBLISHABLE_KEY: issuer.publishableKey,
    CLERK_API_URL: issuer.url,
    CLERK_WEBHOOK_SIGNING_SECRET: issuer.webhookSigningSecret,
    CLERK_TELEMETRY_DISABLED: '1',
    NODE_ENV: 'production',
  });
}

export async function prepareOurs(): Promise<void> {
  await rm(oursDir, { recursive: true, force: true });
  await mkdir(oursDir, { recursive: true });
}

export async function removeOurs(): Promise<void> {
  await rm(oursDir, { recursive: true, force: true });
}

/** Starts the app; rejects with its output if it exits before it listens (a missing export, say). */
export async function startApp(
  framework: Framework,
  app: AppName,
  variant: Variant,
  env: NodeJS.ProcessEnv,
): Promise<StartedApp> {
  const file = `${framework}-${app}.mjs`;
  let path = fileURLToPath(new URL(file, appsDir));
  if (variant === 'ours') {
    const target = new URL(file, oursDir);
    await writeFile(target, rewriteImports(await readFile(path, 'utf8')));
    path = fileURLToPath(target);
  }
  const running: Running = await startServer(process.execPath, [path], {
    cwd: fileURLToPath(appsDir),
    env,
    ready: /listening on (\d+)/,
  });
  return { url: `http://127.0.0.1:${running.ready[1]}`, stop: running.stop, stderr: running.stderr };
}
