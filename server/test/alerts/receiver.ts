import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Alert } from '@rumbo/shared';

/** One request a receiver got. */
export interface Received {
  headers: IncomingHttpHeaders;
  body: string;
  status: number;
  payload: { deliveryId: string; alert: Alert; text: string };
}

/** What a receiver verifies, as the README tells receivers to: HMAC-SHA256 of "<timestamp>.<body>". */
export function validSignature(secret: string, received: Pick<Received, 'headers' | 'body'>): boolean {
  const timestamp = String(received.headers['x-rumbo-timestamp']);
  const expected = `sha256=${createHmac('sha256', secret).update(`${timestamp}.${received.body}`).digest('hex')}`;
  const given = String(received.headers['x-rumbo-signature']);
  return given.length === expected.length && timingSafeEqual(Buffer.from(given), Buffer.from(expected));
}

/**
 * A real HTTP receiver on an ephemeral port. `statuses` are answered in turn (then 200), so a test
 * scripts failures; `onRequest` runs as each request arrives, before its answer.
 */
export async function startReceiver(statuses: number[] = [], onRequest?: (received: Received) => void) {
  const received: Received[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const status = statuses[received.length] ?? 200;
      const entry: Received = { headers: request.headers, body, status, payload: JSON.parse(body) as Received['payload'] };
      received.push(entry);
      onRequest?.(entry);
      response.writeHead(status).end(status < 300 ? 'ok' : 'nope');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    received,
    delivered: () => received.filter((entry) => entry.status < 300),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
export type Receiver = Awaited<ReturnType<typeof startReceiver>>;
