import { spawn, type ChildProcess, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type App } from '../../src/app';
import { MemoryStore } from '../../src/store/memory-store';
import { adminHeaders, createCaravan, postReports, testConfig, walk } from '../helper';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const NGINX = '/usr/sbin/nginx';
const COMPRESS_SCRIPT = join(root, 'client/scripts/compress.mjs');
/** A script big enough to get build-time copies, like the real bundles. */
const BIG_SCRIPT = Array.from({ length: 400 }, (_, i) => `export const value${i} = ${JSON.stringify(`caravan ${i}`)};`).join(
  '\n',
);

/** A free port on 127.0.0.1 (nginx cannot be told to pick one itself). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/**
 * deploy/nginx.conf as it is, but runnable here by this user: the upstream is the Rumbo app under
 * test instead of compose's `server` replicas, it listens on a free local port, and its pid, logs
 * and temporary files live in `dir`. Everything else (compression, proxy headers) is the file's.
 */
function localNginxConf(deployed: string, dir: string, upstreamPort: number, listenPort: number): string {
  const replaced = (text: string, pattern: RegExp, replacement: string) => {
    if (!pattern.test(text)) throw new Error(`deploy/nginx.conf has no ${pattern}: update this test with it`);
    return text.replace(pattern, replacement);
  };
  let conf = replaced(deployed, /^worker_processes .*;$/m, 'worker_processes 1;');
  conf = replaced(conf, /server server:8080\b/, `server 127.0.0.1:${upstreamPort}`);
  conf = replaced(conf, /listen 8080;/, `listen 127.0.0.1:${listenPort};`);
  conf = replaced(
    conf,
    /^http \{$/m,
    [
      'http {',
      `  access_log ${dir}/access.log;`,
      ...['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((kind) => `  ${kind}_temp_path ${dir}/${kind};`),
    ].join('\n'),
  );
  // Run as root (CI), the workers would otherwise become `nobody`, who cannot write in `dir`.
  const user = process.getuid?.() === 0 ? `user ${userInfo().username};\n` : '';
  return `${user}pid ${dir}/nginx.pid;\nerror_log ${dir}/error.log warn;\n${conf}`;
}

interface RawAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  /** The bytes as they crossed the wire, still encoded. */
  bytes: Buffer;
}

function rawGet(url: string, headers: Record<string, string>): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    httpRequest(url, { headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () =>
        resolve({ status: response.statusCode ?? 0, headers: response.headers, bytes: Buffer.concat(chunks) }),
      );
      response.on('error', reject);
    })
      .on('error', reject)
      .end();
  });
}

function decoded({ headers, bytes }: RawAnswer): string {
  if (headers['content-encoding'] === 'br') return brotliDecompressSync(bytes).toString();
  if (headers['content-encoding'] === 'gzip') return gunzipSync(bytes).toString();
  expect(headers['content-encoding']).toBeUndefined();
  return bytes.toString();
}

const varies = ({ headers }: RawAnswer) => /accept-encoding/i.test(String(headers.vary));

async function untilAnswers(url: string, nginx: ChildProcess, log: () => string): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt++) {
    if (nginx.exitCode !== null) throw new Error(`nginx exited with ${nginx.exitCode}:\n${log()}`);
    const status = await rawGet(url, {}).then(
      (answer) => answer.status,
      () => 0,
    );
    if (status === 200) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`nginx did not answer on ${url}:\n${log()}`);
}

describe('deploy/nginx.conf in front of Rumbo (the real nginx)', () => {
  let dir: string;
  let app: App;
  let nginx: ChildProcess | undefined;
  let viaNginx: string;
  let direct: string;
  let reportsPath: string;
  let stderr = '';

  beforeAll(async () => {
    if (!existsSync(NGINX)) {
      throw new Error(`nginx is not installed at ${NGINX}: install Debian's nginx (apt-get install nginx; .ci/run does)`);
    }
    dir = mkdtempSync(join(tmpdir(), 'rumbo-nginx-'));
    const dist = join(dir, 'dist');
    mkdirSync(join(dist, 'assets'), { recursive: true });
    for (const file of ['index.html', 'report.html', 'embed.html'])
      writeFileSync(join(dist, file), `<!doctype html><title>${file}</title>`);
    writeFileSync(join(dist, 'assets', 'maplibre-D1x2y3z4.js'), BIG_SCRIPT);
    execFileSync(process.execPath, [COMPRESS_SCRIPT, dist]);

    app = await buildApp({ config: testConfig(), store: new MemoryStore(), clientDist: dist });
    direct = await app.listen({ port: 0, host: '127.0.0.1' });
    const caravanId = await createCaravan(app);
    expect((await postReports(app, caravanId, { reports: walk(40, Date.UTC(2024, 0, 1)) })).statusCode).toBe(201);
    reportsPath = `/api/v1/caravans/${caravanId}/reports`;

    const listenPort = await freePort();
    const deployed = readFileSync(join(root, 'deploy/nginx.conf'), 'utf8');
    const conf = localNginxConf(deployed, dir, Number(new URL(direct).port), listenPort);
    writeFileSync(join(dir, 'nginx.conf'), conf);
    nginx = spawn(NGINX, ['-p', dir, '-e', join(dir, 'error.log'), '-c', join(dir, 'nginx.conf'), '-g', 'daemon off;'], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    nginx.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    viaNginx = `http://127.0.0.1:${listenPort}`;
    const log = () => `${stderr}${existsSync(join(dir, 'error.log')) ? readFileSync(join(dir, 'error.log'), 'utf8') : ''}`;
    await untilAnswers(`${viaNginx}/nginx-health`, nginx, log);
  }, 60_000);

  afterAll(async () => {
    if (nginx && nginx.exitCode === null) {
      const exited = new Promise((resolve) => nginx!.once('exit', resolve));
      nginx.kill('SIGQUIT');
      await exited;
    }
    await app?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('passes Rumbo’s brotli JSON through untouched, with Vary, decoding to the plain answer', async () => {
    const plain = await rawGet(`${viaNginx}${reportsPath}`, adminHeaders);
    expect(plain.status).toBe(200);
    expect(plain.headers['content-encoding'], 'compressed for a client that did not ask').toBeUndefined();
    const brotli = await rawGet(`${viaNginx}${reportsPath}`, { ...adminHeaders, 'accept-encoding': 'br' });
    expect(brotli.status).toBe(200);
    expect(brotli.headers['content-encoding']).toBe('br');
    expect(varies(brotli)).toBe(true);
    expect(JSON.parse(decoded(brotli))).toEqual(JSON.parse(plain.bytes.toString()));
    expect(brotli.bytes.length).toBeLessThan(plain.bytes.length / 4);
  });

  it('answers gzip to a gzip-only client, once: what Rumbo compressed is not compressed again', async () => {
    const gzip = await rawGet(`${viaNginx}${reportsPath}`, { ...adminHeaders, 'accept-encoding': 'gzip' });
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(varies(gzip)).toBe(true);
    expect(JSON.parse(decoded(gzip))).toHaveProperty('reports');
  });

  it('gzips JSON that a replica sent plain', async () => {
    // `x-no-compression` makes Rumbo answer plain (@fastify/compress's switch): as a replica with
    // compression off would. Straight from Rumbo it stays plain; through nginx it arrives gzipped.
    const headers = { ...adminHeaders, 'accept-encoding': 'gzip', 'x-no-compression': '1' };
    const fromRumbo = await rawGet(`${direct}${reportsPath}`, headers);
    expect(fromRumbo.headers['content-encoding']).toBeUndefined();
    const throughNginx = await rawGet(`${viaNginx}${reportsPath}`, headers);
    expect(throughNginx.headers['content-encoding']).toBe('gzip');
    expect(varies(throughNginx)).toBe(true);
    expect(decoded(throughNginx)).toBe(fromRumbo.bytes.toString());
  });

  it('sends the build’s brotli copy of a static asset when asked br, byte for byte', async () => {
    const url = `${viaNginx}/assets/maplibre-D1x2y3z4.js`;
    const brotli = await rawGet(url, { 'accept-encoding': 'gzip, deflate, br' });
    expect(brotli.status).toBe(200);
    expect(brotli.headers['content-encoding']).toBe('br');
    expect(varies(brotli)).toBe(true);
    expect(brotli.bytes.equals(readFileSync(join(dir, 'dist', 'assets', 'maplibre-D1x2y3z4.js.br')))).toBe(true);
    expect(decoded(brotli)).toBe(BIG_SCRIPT);
    const plain = await rawGet(url, {});
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.bytes.toString()).toBe(BIG_SCRIPT);
  });
});
