import { signedOutAuthObject } from '@sessionguard/core/internal/auth/auth-object.js';
import { sessionAuthOf } from '@sessionguard/core/internal/http/session-view.js';
import { signedOutState } from '@sessionguard/core/internal/request-state.js';
import { describe, expect, it } from 'vitest';

// sessionAuthOf hands out one frozen object per machine type (built once, not per request): it must
// read exactly as the plain way, a new signed-out object with the mismatch reason, would.
describe('sessionAuthOf: the session view of a machine-signed-in request', () => {
  for (const type of ['api_key', 'm2m_token', 'oauth_token'] as const) {
    it(`${type}: the same fields and answers as a signed-out object built per request, shared and frozen`, () => {
      const state = { ...signedOutState('x', 'y'), auth: { tokenType: type } } as unknown as Parameters<
        typeof sessionAuthOf
      >[0];
      const view = sessionAuthOf(state);
      const plain = signedOutAuthObject(
        'token-type-mismatch',
        `The request is signed in with a ${type}, not a session: ask getAuth for it with acceptsToken.`,
      );
      const data = (auth: object) =>
        Object.fromEntries(Object.entries(auth).filter(([, value]) => typeof value !== 'function'));
      expect(data(view)).toEqual(data(plain));
      expect(Object.keys(view)).toEqual(Object.keys(plain));
      expect(view.has({ role: 'org:admin' })).toBe(false);
      expect(Object.isFrozen(view)).toBe(true);
      expect(sessionAuthOf(state)).toBe(view);
    });
  }
  it('a session state reads its own auth object', () => {
    const state = signedOutState('session-token-missing', 'none');
    expect(sessionAuthOf(state)).toBe(state.auth);
  });
});
