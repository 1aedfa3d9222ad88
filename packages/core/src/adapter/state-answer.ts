import type { HttpOutcome } from '../http/http-outcome.js';
import type { RequestState } from '../request-state.js';

/** A state the adapter answers with a 307. */
export type RedirectingState = RequestState & { location: string };

/**
 * SPEC §12.4: does the adapter answer this state itself, instead of letting the request through? A
 * handshake, or a development resolution (signed in or out): whatever has a `location`.
 */
export function answersItself(state: RequestState): state is RedirectingState {
  // `!=`: an authenticator of your own written before these fields existed sends no location.
  return state.location != null;
}

/**
 * The answer to a state that answers itself: `307`, empty body, its `Location`, its headers
 * (`Cache-Control`, `x-clerk-auth-*`) and every `Set-Cookie` of it, each its own header.
 */
export function redirectOutcome(state: RedirectingState): HttpOutcome {
  return {
    status: 307,
    headers: { ...state.headers, location: state.location },
    body: '',
    setCookie: state.setCookie,
  };
}
