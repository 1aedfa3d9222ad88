/** Where logs go (the `logger` option). Messages and data never hold a token, key or secret. */
export interface Logger {
  debug(message: string, data?: Record<string, unknown>): void;
  /**
   * A failure that signs everyone out or answers 503 (a refused secret key, a key set that never
   * loaded), once per authenticator and reason. Without it, such warnings go to console.warn.
   */
  warn?(message: string, data?: Record<string, unknown>): void;
}
