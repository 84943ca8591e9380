import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';

export const NGINX = '/usr/sbin/nginx';
/** deploy/nginx.conf, found from this file's place in the source tree (a bundle elsewhere passes its own path). */
const DEPLOYED_CONF = fileURLToPath(new URL('../../../deploy/nginx.conf', import.meta.url));

/** A free port on 127.0.0.1 (nginx cannot be told to pick one itself). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/**
 * deploy/nginx.conf as it is, but runnable here by this user: the upstream is the Rumbo app under
 * test instead of compose's `server` replicas, it listens on a free local port, and its pid, logs,
 * cache and temporary files live in `dir`. Everything else (compression, caching, proxy headers)
 * is the file's.
 */
export function localNginxConf(deployed: string, dir: string, upstreamPort: number, listenPort: number): string {
  const replaced = (text: string, pattern: RegExp, replacement: string) => {
    if (!pattern.test(text)) throw new Error(`deploy/nginx.conf has no ${pattern}: update local-nginx.ts with it`);
    return text.replace(pattern, replacement);
  };
  let conf = replaced(deployed, /^worker_processes .*;$/m, 'worker_processes 1;');
  conf = replaced(conf, /server server:8080\b/, `server 127.0.0.1:${upstreamPort}`);
  conf = replaced(conf, /listen 8080;/, `listen 127.0.0.1:${listenPort};`);
  conf = conf.replace(/proxy_cache_path \/var\/cache\/nginx\/rumbo\b/, `proxy_cache_path ${dir}/cache`);
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

const statusOf = (url: string) =>
  new Promise<number>((resolve) => {
    httpRequest(url, (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    })
      .on('error', () => resolve(0))
      .end();
  });

export interface LocalNginx {
  /** `http://127.0.0.1:<port>` */
  url: string;
  /** Its working directory: logs, cache, pid. */
  dir: string;
  process: ChildProcess;
  /** The access log so far, one line per request nginx answered. */
  accessLog(): string;
  stop(): Promise<void>;
}

/**
 * The real nginx with deploy/nginx.conf in front of a Rumbo listening on `upstreamPort`, once it
 * answers. `deployedConf` is where deploy/nginx.conf is, for code bundled away from the source
 * tree (the benchmarks run from bench/dist).
 */
export async function startLocalNginx(
  upstreamPort: number,
  dir = mkdtempSync(join(tmpdir(), 'rumbo-nginx-')),
  deployedConf = DEPLOYED_CONF,
): Promise<LocalNginx> {
  if (!existsSync(NGINX)) {
    throw new Error(`nginx is not installed at ${NGINX}: install Debian's nginx (apt-get install nginx; .ci/run does)`);
  }
  const listenPort = await freePort();
  writeFileSync(join(dir, 'nginx.conf'), localNginxConf(readFileSync(deployedConf, 'utf8'), dir, upstreamPort, listenPort));
  const nginx = spawn(NGINX, ['-p', dir, '-e', join(dir, 'error.log'), '-c', join(dir, 'nginx.conf'), '-g', 'daemon off;'], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  nginx.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const read = (file: string) => (existsSync(join(dir, file)) ? readFileSync(join(dir, file), 'utf8') : '');
  const url = `http://127.0.0.1:${listenPort}`;
  const stop = async () => {
    if (nginx.exitCode === null) {
      const exited = new Promise((resolve) => nginx.once('exit', resolve));
      nginx.kill('SIGQUIT');
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  };
  for (let attempt = 0; attempt < 100; attempt++) {
    if (nginx.exitCode !== null) throw new Error(`nginx exited with ${nginx.exitCode}:\n${stderr}${read('error.log')}`);
    if ((await statusOf(`${url}/nginx-health`)) === 200)
      return { url, dir, process: nginx, accessLog: () => read('access.log'), stop };
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await stop();
  throw new Error(`nginx did not answer on ${url}:\n${stderr}${read('error.log')}`);
}

/** An HTTP answer as it crossed the wire. */
export interface RawAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  /** The bytes as they crossed the wire, still encoded. */
  bytes: Buffer;
}

/** A GET with exactly these headers (no client-side decoding, unlike fetch). */
export function rawGet(url: string, headers: Record<string, string>): Promise<RawAnswer> {
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

/** The body a client that took this encoding reads. */
export function decoded({ headers, bytes }: RawAnswer): string {
  if (headers['content-encoding'] === 'br') return brotliDecompressSync(bytes).toString();
  if (headers['content-encoding'] === 'gzip') return gunzipSync(bytes).toString();
  if (headers['content-encoding']) throw new Error(`unexpected Content-Encoding ${headers['content-encoding']}`);
  return bytes.toString();
}

/** Whether a shared cache keeps this answer apart per Accept-Encoding. */
export const varies = ({ headers }: RawAnswer) => /accept-encoding/i.test(String(headers.vary));
