import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

export interface LocalHttpServer {
  port: number;
  /** Closes at once: open sockets, including requests left hanging on purpose, are destroyed. */
  close(): Promise<void>;
}

export type RequestHandler = (request: IncomingMessage, response: ServerResponse) => void;

/** A node:http server bound to 127.0.0.1 only, which can always be closed promptly. */
export async function listenLocally(port: number, handler: RequestHandler): Promise<LocalHttpServer> {
  const sockets = new Set<Socket>();
  const server = createServer(handler);
  // Keep-alive and deliberately hanging requests would otherwise keep close() waiting.
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('Test issuer did not get a TCP port');

  let closing: Promise<void> | undefined;
  return {
    port: address.port,
    close() {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
        for (const socket of sockets) socket.destroy();
      });
      return closing;
    },
  };
}
