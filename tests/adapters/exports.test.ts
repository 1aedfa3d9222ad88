import * as connect from '@sessionguard/connect';
import * as core from '@sessionguard/core';
import * as coreAdapter from '@sessionguard/core/adapter';
import * as express from '@sessionguard/express';
import * as fastify from '@sessionguard/fastify';
import * as hono from '@sessionguard/hono';
import { describe, expect, it } from 'vitest';

const adapters = { connect, express, fastify, hono } as const;
const functions = [
  'clerkMiddleware',
  'getAuth',
  'requireAuth',
  'requireReverification',
  'createRouteMatcher',
];

describe.each(Object.entries(adapters))('%s exports', (_name, adapter) => {
  it('the §6 names', () => {
    for (const name of functions)
      expect(typeof (adapter as Record<string, unknown>)[name], name).toBe('function');
    expect(adapter.reverificationPresets).toBe(core.reverificationPresets);
    expect(adapter.createRouteMatcher).toBe(core.createRouteMatcher);
  });

  it("the core's error classes", () => {
    expect(adapter.TokenVerificationError).toBe(core.TokenVerificationError);
    expect(adapter.ConfigurationError).toBe(core.ConfigurationError);
    expect(adapter.BackendApiError).toBe(core.BackendApiError);
    expect(adapter.ClerkAPIResponseError).toBe(core.BackendApiError);
    expect(adapter.TokenVerificationErrorReason).toBe(core.TokenVerificationErrorReason);
    expect(adapter.FactoryNotCalledError).toBe(core.FactoryNotCalledError);
  });
});

it('fastify exports clerkPlugin, also as clerkMiddleware', () => {
  expect(typeof fastify.clerkPlugin).toBe('function');
  expect(fastify.clerkMiddleware).toBe(fastify.clerkPlugin);
});

describe('@sessionguard/core: the user API at the root, the adapter API on /adapter', () => {
  const adapterOnly = [
    'ambiguousPathOutcome',
    'answersItself',
    'authForAccepted',
    'authenticateEagerly',
    'createAttachments',
    'createGuardFactories',
    'createPropertyStore',
    'createAuthenticateAndAttach',
    'createTenantResolver',
    'isPromise',
    'isRefusal',
    'redirectOutcome',
    'remember',
    'replaceDebugHeaders',
    'requireAuthCheck',
    'requireReverificationCheck',
    'runGuard',
    'sessionAuthOf',
  ];

  it('the root exports the values of SPEC §2 and no adapter-only name', () => {
    expect(Object.keys(core).sort()).toEqual([
      'AmbiguousPathError',
      'BackendApiError',
      'ClerkAPIResponseError',
      'ConfigurationError',
      'FactoryNotCalledError',
      'MAX_WEBHOOK_BODY_BYTES',
      'NotServedError',
      'SUPPORTED_ALGORITHMS',
      'SessionguardError',
      'TokenVerificationError',
      'TokenVerificationErrorReason',
      'WebhookVerificationError',
      'WebhookVerificationErrorReason',
      'clerkClient',
      'createAuthenticator',
      'createClerkClient',
      'createRouteMatcher',
      'cryptoRuntime',
      'isInfrastructureReason',
      'isReverified',
      'isWebhookEventType',
      'reverificationPresets',
      'verifyToken',
      'verifyWebhook',
    ]);
  });

  it('/adapter exports what the adapters build on, and nothing of the root', () => {
    expect(Object.keys(coreAdapter).sort()).toEqual([...adapterOnly].sort());
    for (const adapter of Object.values(adapters))
      for (const name of adapterOnly) expect(adapter, name).not.toHaveProperty(name);
  });
});
