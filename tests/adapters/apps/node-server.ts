import { createServer, type RequestListener, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  flattenHeaders,
  type ReceivedResponse,
  type RunningApp,
  type SentRequest,
  setCookieList,
} from './types.js';

/** Serves a Node request listener on 127.0.0.1 and sends real HTTP requests to it. */
export async function serveOnLoopback(listener: RequestListener): Promise<RunningApp> {
  const server = createServer(listener);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    send: (sent: SentRequest) =>
      new Promise<ReceivedResponse>((resolve, reject) => {
        const outgoing = request(
          {
            host: '127.0.0.1',
            port,
            method: sent.method,
            path: sent.path,
            headers: sent.headers,
            agent: false,
          },
          (incoming) => {
            const chunks: Buffer[] = [];
            incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
            incoming.on('end', () =>
              resolve({
                status: incoming.statusCode ?? 0,
                headers: flattenHeaders(incoming.headers),
                setCookie: setCookieList(incoming.headers['set-cookie']),
                body: Buffer.concat(chunks).toString('utf8'),
              }),
            );
            incoming.on('error', reject);
          },
        );
        outgoing.on('error', reject);
        outgoing.end(sent.body);
      }),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
