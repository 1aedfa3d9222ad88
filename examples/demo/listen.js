// Listening, with the reasons it fails told in one line instead of a raw EADDRINUSE stack.
import { createServer } from 'node:net';
import { DemoError } from './errors.js';

function listenError(error, port, host) {
  const where = `port ${port} on ${host}`;
  switch (error.code) {
    case 'EADDRINUSE':
      return new DemoError(`demo: ${where} is already in use; stop what holds it or choose another --port`);
    case 'EACCES':
      return new DemoError(`demo: no permission to listen on ${where}; choose a --port above 1023`);
    case 'EADDRNOTAVAIL':
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new DemoError(
        `demo: --host ${host} is not an address of this machine; try 127.0.0.1 or 0.0.0.0`,
      );
    default:
      return new DemoError(`demo: cannot listen on ${where} (${error.code ?? error.message})`);
  }
}

/** server.listen(port, host) as a promise that rejects with a one-line DemoError. */
export function listen(server, port, host) {
  return new Promise((resolve, reject) => {
    const onError = (error) => reject(listenError(error, port, host));
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve();
    });
  });
}

/** Fails at once when `port` is taken or `host` is not ours, before a build the demo could not use. */
export async function assertCanListen(port, host) {
  const probe = createServer();
  await listen(probe, port, host);
  await new Promise((resolve) => probe.close(resolve));
}
