// The browser-session layer (SPEC §12): what the authenticator calls; nothing of a framework.
export { type BrowserSession, createBrowserSession } from './browser-session.js';
export type { BrowserDeps, SessionVerification } from './deps.js';
export {
  type BrowserOptions,
  type BrowserSettings,
  type BrowserSettingsInput,
  resolveBrowserSettings,
} from './settings.js';
