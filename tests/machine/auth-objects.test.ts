import {
  type ApiKeyAuth,
  createAuthenticator,
  type InvalidTokenAuth,
  type M2MTokenAuth,
  type OAuthTokenAuth,
  type RequestState,
  type SignedInAuth,
  type SignedOutAuth,
  type UnauthenticatedMachineAuth,
} from '@sessionguard/core';
import { authForAccepted } from '@sessionguard/core/adapter';
import { createTestIssuer, type TestIssuer } from '@sessionguard/testing';
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import { bearer } from './helpers.js';

/** Each signed-in type narrows by `tokenType` alone, no cast (checked at compile time). */
function narrowsEveryType(auth: RequestState['auth']): void {
  if (!auth.isAuthenticated) return;
  switch (auth.tokenType) {
    case 'api_key':
      expectTypeOf(auth).toEqualTypeOf<ApiKeyAuth>();
      break;
    case 'm2m_token':
      expectTypeOf(auth).toEqualTypeOf<M2MTokenAuth>();
      break;
    case 'oauth_token':
      expectTypeOf(auth).toEqualTypeOf<OAuthTokenAuth>();
      break;
    default:
      expectTypeOf(auth).toEqualTypeOf<SignedInAuth>();
  }
}

describe('machine auth objects and getAuth filtering (SPEC §9.2, §9.5)', () => {
  let issuer: TestIssuer;
  beforeAll(async () => {
    issuer = await createTestIssuer();
  });
  afterAll(() => issuer.close());

  const app = () =>
    createAuthenticator({
      jwksUrl: issuer.jwksUrl,
      secretKey: issuer.secretKey,
      apiUrl: issuer.url,
      acceptsToken: 'any',
    });

  it('types narrow on tokenType with no cast', async () => {
    const { secret } = issuer.createApiKey({ subject: 'user_1', name: 'k', scopes: ['a'] });
    const state = await app().authenticateRequest(bearer(secret));
    const { auth } = state;
    if (auth.isAuthenticated && auth.tokenType === 'api_key') {
      expectTypeOf(auth).toEqualTypeOf<ApiKeyAuth>();
      expect(auth.name).toBe('k');
    } else {
      throw new Error('expected an API key');
    }
    narrowsEveryType(state.auth);

    const apiKeyView = authForAccepted(state, 'api_key');
    // One type: that type's object or its unauthenticated form, never a session's (SPEC §9.5).
    expectTypeOf(apiKeyView).toEqualTypeOf<ApiKeyAuth | UnauthenticatedMachineAuth<'api_key'>>();
    const listView = authForAccepted(state, ['m2m_token', 'oauth_token']);
    expectTypeOf(listView).toEqualTypeOf<
      | M2MTokenAuth
      | OAuthTokenAuth
      | UnauthenticatedMachineAuth<'m2m_token'>
      | UnauthenticatedMachineAuth<'oauth_token'>
      | InvalidTokenAuth
    >();
    // A session authenticator's states are session objects: the existing code keeps compiling.
    const session = await createAuthenticator({ jwksUrl: issuer.jwksUrl }).authenticateRequest(bearer('x'));
    expectTypeOf(session.auth).toEqualTypeOf<SignedInAuth | SignedOutAuth>();
  });

  it('getAuth filtering follows Clerk: any, a list, one type', async () => {
    const { secret } = issuer.createApiKey({ subject: 'user_1', name: 'k' });
    const state = await app().authenticateRequest(bearer(secret));
    expect(authForAccepted(state, 'any')).toBe(state.auth);
    expect(authForAccepted(state, 'api_key')).toBe(state.auth);
    expect(authForAccepted(state, ['api_key', 'm2m_token'])).toBe(state.auth);
    expect(authForAccepted(state, ['m2m_token', 'oauth_token'])).toMatchObject({
      isAuthenticated: false,
      tokenType: null,
    });
    expect(authForAccepted(state, 'm2m_token')).toMatchObject({
      isAuthenticated: false,
      tokenType: 'm2m_token',
      machineId: null,
    });
    const sessionView = authForAccepted(state, 'session_token');
    expect(sessionView).toMatchObject({ isAuthenticated: false, tokenType: 'session_token', userId: null });
    expect(sessionView.has({ permission: 'x' })).toBe(false);
  });

  it('a machine token that fails is the unauthenticated object of its type, all keys null', async () => {
    const state = await app().authenticateRequest(bearer('oat_unknown'));
    expect(state.tokenType).toBe('oauth_token');
    expect(state.auth).toMatchObject({
      isAuthenticated: false,
      tokenType: 'oauth_token',
      id: null,
      subject: null,
      scopes: null,
      userId: null,
      clientId: null,
      reason: 'token-invalid',
      message: 'OAuth token not found',
    });
    expect(await state.auth.getToken()).toBeNull();
    expect(state.auth.has({ scope: 'x' })).toBe(false);
  });
});
