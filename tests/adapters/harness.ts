import express5 from 'express';
import express4 from 'express4';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appErrorResult } from './app-description.js';
import { connectConstructor, connectFactory } from './apps/connect.js';
import { expressConstructor, expressFactory } from './apps/express.js';
import { fastifyConstructor, fastifyFactory } from './apps/fastify.js';
import { honoConstructor, honoFactory, honoNodeFactory } from './apps/hono.js';
import type { AppConstructor, AppFactory, ReceivedResponse, RunningApp } from './apps/types.js';
import { type Fixtures, startFixtures } from './fixtures.js';

export type { AppFactory, ReceivedResponse, RunningApp, SentRequest } from './apps/types.js';

/** The six apps built from app-description.ts. Express, Connect and hono-node run on a real server. */
export const appFactories: Record<string, AppFactory> = {
  express4: expressFactory(express4),
  express5: expressFactory(express5),
  connect: connectFactory,
  fastify: fastifyFactory,
  hono: honoFactory,
  'hono-node': honoNodeFactory,
};

/** The same six, built with given options only (start-up cases). */
export const appConstructors: Record<string, AppConstructor> = {
  express4: expressConstructor(express4),
  express5: expressConstructor(express5),
  connect: connectConstructor,
  fastify: fastifyConstructor,
  hono: honoConstructor,
  'hono-node': honoConstructor,
};

/** Default Host header: tenant A, and the same `redirect_url` on every adapter. */
export const DEFAULT_HOST = 'app.test';

export interface Case {
  name: string;
  method?: string;
  /** Request target as sent (not normalized): `//admin/x`, `/%61dmin/x?q=1`; `{{name}}` substituted. */
  path: string;
  /** Host header; `b.example` is tenant B, `outage.example` the tenant whose JWKS is down. */
  host?: string;
  /** `{{name}}` is replaced by the fixture token of that name. A list sends the header repeatedly. */
  headers?: Record<string, string | string[]>;
  /** Shorthands: `Authorization: Bearer {{name}}` and `Cookie: __session={{name}}`. */
  bearer?: string;
  cookie?: string;
  body?: string;
  expect: {
    status: number;
    /** Byte-exact body. */
    body?: string;
    /** Subset of the JSON body the handler answered with (route, auth fields, echoed body). */
    json?: Record<string, unknown>;
    /** Exact header values (`{{name}}` substituted); `null` means the header must be absent. */
    headers?: Record<string, string | null>;
    /** Every Set-Cookie header, each on its own, in order (`{{name}}` substituted). */
    setCookie?: string[];
    /** The app's error handler got an Error of this name (and code) whose message has each string. */
    appError?: ErrorExpectation;
  };
  /** Where a framework differs by design (Fastify's plugin is registered, not called): its own expect. */
  byAdapter?: Record<string, Case['expect']>;
}

export interface ErrorExpectation {
  name: string;
  code?: string | null;
  includes: string[];
}

/** What the app's error path got (see appErrorResult): an Error as expected. */
export function checkError(error: unknown, expected: ErrorExpectation): void {
  const { isError, name, code, message } = error as Record<string, unknown>;
  expect({ isError, name }).toEqual({ isError: true, name: expected.name });
  if (expected.code !== undefined) expect(code ?? null).toBe(expected.code);
  for (const part of expected.includes) expect(String(message)).toContain(part);
}

function substitute(text: string, tokens: Record<string, string>): string {
  return text.replace(/\{\{([\w-]+)\}\}/g, (_match, name: string) => {
    const token = tokens[name];
    if (token === undefined) throw new Error(`unknown token {{${name}}}`);
    return token;
  });
}

function headersOf(testCase: Case, tokens: Record<string, string>): Record<string, string | string[]> {
  const headers: Record<string, string | string[]> = { host: testCase.host ?? DEFAULT_HOST };
  if (testCase.bearer !== undefined) headers.authorization = `Bearer {{${testCase.bearer}}}`;
  if (testCase.cookie !== undefined) headers.cookie = `__session={{${testCase.cookie}}}`;
  for (const [name, value] of Object.entries(testCase.headers ?? {})) headers[name.toLowerCase()] = value;
  for (const [name, value] of Object.entries(headers)) {
    headers[name] = Array.isArray(value)
      ? value.map((v) => substitute(v, tokens))
      : substitute(value, tokens);
  }
  return headers;
}

export function checkResponse(
  testCase: Case,
  response: ReceivedResponse,
  adapter?: string,
  tokens: Record<string, string> = {},
): void {
  const expected = (adapter === undefined ? undefined : testCase.byAdapter?.[adapter]) ?? testCase.expect;
  const summary = `${response.status} ${response.body.slice(0, 300)}`;
  expect(response.status, summary).toBe(expected.status);
  if (expected.body !== undefined) expect(response.body).toBe(expected.body);
  if (expected.json !== undefined) expect(JSON.parse(response.body)).toMatchObject(expected.json);
  for (const [name, value] of Object.entries(expected.headers ?? {})) {
    expect(response.headers[name], `header ${name}`).toBe(
      value === null ? undefined : substitute(value, tokens),
    );
  }
  if (expected.setCookie !== undefined) {
    expect(response.setCookie).toEqual(expected.setCookie.map((value) => substitute(value, tokens)));
  }
  if (expected.appError !== undefined) {
    checkError((JSON.parse(response.body) as { appError?: unknown }).appError, expected.appError);
  }
}

/** Runs a table against every app (or the ones named). Call it at the top level of a test file. */
export function runCases(cases: readonly Case[], factories: Record<string, AppFactory> = appFactories): void {
  let fixtures: Fixtures;
  beforeAll(async () => {
    fixtures = await startFixtures();
  });
  afterAll(async () => {
    await fixtures?.close();
  });
  for (const [adapter, factory] of Object.entries(factories)) {
    describe(adapter, () => {
      let app: RunningApp;
      beforeAll(async () => {
        app = await factory(fixtures);
      });
      afterAll(async () => {
        await app?.close();
      });
      it.each(cases.map((testCase) => [testCase.name, testCase] as const))('%s', async (_name, testCase) => {
        const response = await app.send({
          method: testCase.method ?? 'GET',
          path: substitute(testCase.path, fixtures.tokens),
          headers: headersOf(testCase, fixtures.tokens),
          ...(testCase.body === undefined ? {} : { body: substitute(testCase.body, fixtures.tokens) }),
        });
        checkResponse(testCase, response, adapter, fixtures.tokens);
      });
    });
  }
}

/** Options an app is built with, and what building it must do. */
export interface StartupCase {
  name: string;
  options: Record<string, unknown>;
  /** Only these apps (an option of one framework). */
  only?: string[];
  expect: ErrorExpectation;
}

/**
 * Builds every app (each way its framework has) with each case's options: each way must fail with
 * the expected error, and nothing may escape as an uncaught exception or unhandled rejection.
 */
export function runStartupCases(
  cases: readonly StartupCase[],
  constructors: Record<string, AppConstructor> = appConstructors,
): void {
  for (const [adapter, construct] of Object.entries(constructors)) {
    const mine = cases.filter((testCase) => testCase.only?.includes(adapter) ?? true);
    if (mine.length === 0) continue;
    describe(adapter, () => {
      it.each(mine.map((testCase) => [testCase.name, testCase] as const))('%s', async (_name, testCase) => {
        const escaped: unknown[] = [];
        const record = (error: unknown) => escaped.push(error);
        process.on('uncaughtException', record);
        process.on('unhandledRejection', record);
        try {
          const failures = await construct(testCase.options);
          await new Promise((resolve) => setTimeout(resolve, 20)); // let a stray error surface
          expect(failures.length).toBeGreaterThan(0);
          for (const failure of failures) checkError(appErrorResult(failure).appError, testCase.expect);
        } finally {
          process.off('uncaughtException', record);
          process.off('unhandledRejection', record);
        }
        expect(escaped.map(String)).toEqual([]);
      });
    });
  }
}
