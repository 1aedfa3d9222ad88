/** A mistake the demo explains in one line (its message) and exits on, with no stack trace. */
export class DemoError extends Error {
  constructor(message, exitCode = 1) {
    super(message);
    this.name = 'DemoError';
    this.exitCode = exitCode;
  }
}
