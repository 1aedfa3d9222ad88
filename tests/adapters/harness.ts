import express5 from 'express';
import express4 from 'express4';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectFactory } from './apps/connect.js';
import { expressFactory } from './apps/express.js';
import { fastifyFactory } from './apps/fastify.js';
import { honoFactory, honoNodeFactory } from './apps/hono.js';
import type { AppFactory, ReceivedResponse, RunningApp } from './apps/types.js';
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

/** Default Host header: tenant A, and the same `redirect_url` on every adapter. */
export const DEFAULT_HOST = 'app.test';

export interface Case {
  name: string;
  method?: string;
  /** Request target as sent (not normalized): `//admin/x`, `/%61dmin/x?q=1`. */
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
    /** Exact header values; `null` means the header must be absent. */
    headers?: Record<string, string | null>;
  };
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

export function checkResponse(testCase: Case, response: ReceivedResponse): void {
  const { expect: expected } = testCase;
  const summary = `${response.status} ${response.body.slice(0, 300)}`;
  expect(response.status, summary).toBe(expected.status);
  if (expected.body !== undefined) expect(response.body).toBe(expected.body);
  if (expected.json !== undefined) expect(JSON.parse(response.body)).toMatchObject(expected.json);
  for (const [name, value] of Object.entries(expected.headers ?? {})) {
    expect(response.headers[name], `header ${name}`).toBe(value ?? undefined);
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
          path: testCase.path,
          headers: headersOf(testCase, fixtures.tokens),
          ...(testCase.body === undefined ? {} : { body: substitute(testCase.body, fixtures.tokens) }),
        });
        checkResponse(testCase, response);
      });
    });
  }
}
