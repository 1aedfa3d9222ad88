/** Where debug logs go (the `logger` option). Messages and data never hold a token or key. */
export interface Logger {
  debug(message: string, data?: Record<string, unknown>): void;
}
