import { connect } from 'node:net';

export interface RawResponse {
  status: number;
  /** Lower-case names, last value wins. */
  headers: Record<string, string>;
  body: string;
}

/**
 * Sends one request with the target written byte for byte (node:net, so no client library
 * normalizes it): `target` is encoded as UTF-8, so raw non-ASCII characters arrive as their bytes.
 */
export function sendRaw(
  port: number,
  method: string,
  target: string,
  headers: Record<string, string> = {},
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port });
    const chunks: Buffer[] = [];
    const timer = setTimeout(
      () => socket.destroy(new Error(`no answer to ${method} ${JSON.stringify(target)}`)),
      5000,
    );
    socket.on('connect', () => {
      let head = `${method} ${target} HTTP/1.1\r\nhost: app.test\r\nconnection: close\r\n`;
      for (const [name, value] of Object.entries(headers)) head += `${name}: ${value}\r\n`;
      if (method === 'POST') head += 'content-length: 0\r\n';
      // No half-close: a Node server may drop a half-closed connection before an async answer.
      socket.write(Buffer.from(`${head}\r\n`, 'utf8'));
    });
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', (error) => {
      clearTimeout(timer);
      // A reset after the answer (the server closing) is fine; the answer is read on close.
      if ((error as NodeJS.ErrnoException).code !== 'ECONNRESET') reject(error);
    });
    socket.on('close', () => {
      clearTimeout(timer);
      const text = Buffer.concat(chunks).toString('latin1');
      const end = text.indexOf('\r\n\r\n');
      const [statusLine = '', ...lines] = (end === -1 ? text : text.slice(0, end)).split('\r\n');
      const received: Record<string, string> = {};
      for (const line of lines) {
        const colon = line.indexOf(':');
        if (colon > 0) received[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
      }
      resolve({
        status: Number(statusLine.split(' ')[1] ?? 0),
        headers: received,
        body: end === -1 ? '' : text.slice(end + 4),
      });
    });
  });
}
