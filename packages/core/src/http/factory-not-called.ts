/**
 * A factory handed to the framework uncalled (`app.use(clerkMiddleware)`, `app.get(p, requireAuth, h)`):
 * the framework then calls it with its own arguments on the first request. Adapters detect that (the
 * framework's arguments arrive where the factory takes none) and give the app this error through its
 * error path instead of a request that hangs.
 */
export class FactoryNotCalledError extends Error {
  override readonly name = 'FactoryNotCalledError';
  readonly code = 'factory-not-called';

  /** `example` shows the call in place, as the app would write it: `app.use(clerkMiddleware())`. */
  constructor(factory: string, example: string) {
    super(
      `sessionguard: ${factory} was used without being called. Write ${factory}() — with parentheses, as in ${example}.`,
    );
  }
}
