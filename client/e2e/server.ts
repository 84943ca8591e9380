import { fileURLToPath } from 'node:url';
import { buildApp, type App } from '../../server/src/app';
import { loadConfig } from '../../server/src/config';
import { MemoryStore } from '../../server/src/store/memory-store';

export const ADMIN_TOKEN = 'e2e-admin-token-0123456789';
const CLIENT_DIST = fileURLToPath(new URL('../dist/', import.meta.url));

/** The parts of API answers the browser tests read. */
export interface ApiAnswer {
  accepted: { report: { metrics: { distanceToBorderKm: number } } }[];
}

/** The real server with the built client, listening on an ephemeral port. */
export async function startServer(
  env: Record<string, string> = {},
  /** The clock the public release follows (default: the real one). */
  now?: () => number,
): Promise<{ app: App; baseUrl: string }> {
  const config = loadConfig({ RUMBO_ADMIN_TOKEN: ADMIN_TOKEN, DEMO: '0', LOG_LEVEL: 'silent', ...env });
  const app = await buildApp({ config, store: new MemoryStore(), clientDist: CLIENT_DIST, now });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('no port');
  return { app, baseUrl: `http://127.0.0.1:${address.port}` };
}

/** Any API call as the admin, answering status and parsed JSON. */
export async function api<T = ApiAnswer>(
  baseUrl: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; json: T }> {
  const response = await fetch(baseUrl + path, {
    method,
    headers: { authorization: `Bearer ${ADMIN_TOKEN}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  return { status: response.status, json: (await response.json()) as T };
}
