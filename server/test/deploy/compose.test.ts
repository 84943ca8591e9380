import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const root = fileURLToPath(new URL('../../../', import.meta.url));

interface ComposeService {
  command?: string | string[];
  environment?: Record<string, string | number> | string[];
  volumes?: string[];
  healthcheck?: { test?: string | string[]; disable?: boolean };
  depends_on?: string[] | Record<string, { condition?: string }>;
  deploy?: { replicas?: number };
  ports?: string[];
  tmpfs?: string | string[];
}
interface ComposeFile {
  services?: Record<string, ComposeService>;
  volumes?: Record<string, unknown>;
}

const compose = parse(readFileSync(`${root}docker-compose.yml`, 'utf8')) as ComposeFile;
const services = compose.services ?? {};
const redis = services.redis ?? {};
const server = services.server ?? {};

/** Compose takes a command as a list or as one string that it splits on whitespace. */
function commandTokens(command: string | string[] | undefined): string[] {
  if (command === undefined) return [];
  return Array.isArray(command) ? command : command.trim().split(/\s+/);
}

/** The token that follows `flag`, as redis-server reads `--appendonly yes`. */
function optionValue(tokens: string[], flag: string): string | undefined {
  const index = tokens.indexOf(flag);
  return index === -1 ? undefined : tokens[index + 1];
}

/** The health check command as one line, whichever form (CMD list, CMD-SHELL, string) it is written in. */
function healthcheckCommand(service: ComposeService): string {
  const test = service.healthcheck?.disable ? undefined : service.healthcheck?.test;
  if (test === undefined || test[0] === 'NONE') return '';
  return Array.isArray(test) ? test.filter((token) => token !== 'CMD' && token !== 'CMD-SHELL').join(' ') : test;
}

function environmentOf(service: ComposeService): Record<string, string> {
  const environment = service.environment ?? {};
  if (Array.isArray(environment)) {
    return Object.fromEntries(environment.map((entry) => [entry.split('=')[0], entry.split('=').slice(1).join('=')]));
  }
  return Object.fromEntries(Object.entries(environment).map(([name, value]) => [name, String(value)]));
}

describe('docker-compose.yml', () => {
  it('has the redis, server and nginx services', () => {
    expect(Object.keys(services)).toEqual(expect.arrayContaining(['redis', 'server', 'nginx']));
  });

  it('runs several server replicas behind nginx, which alone is published', () => {
    expect(server.deploy?.replicas).toBeGreaterThanOrEqual(2);
    expect(server.ports ?? []).toEqual([]);
    expect(services.nginx?.ports).toContain('8080:8080');
    expect(healthcheckCommand(services.nginx ?? {})).toContain('/nginx-health');
    const dependsOn = services.nginx?.depends_on;
    expect(Array.isArray(dependsOn) ? undefined : dependsOn?.server?.condition).toBe('service_healthy');
  });

  it('trusts exactly the one proxy hop in front of the servers', () => {
    expect(environmentOf(server).TRUST_PROXY).toBe('1');
  });

  it('runs Redis with the append-only file on and an explicit fsync policy', () => {
    const tokens = commandTokens(redis.command);
    expect(optionValue(tokens, '--appendonly')).toBe('yes');
    expect(optionValue(tokens, '--appendfsync')).toBe('everysec');
  });

  it('keeps the append-only file in a named volume', () => {
    const dataVolume = (redis.volumes ?? []).find((volume) => volume.split(':')[1] === '/data');
    expect(dataVolume).toBeDefined();
    expect(Object.keys(compose.volumes ?? {})).toContain(dataVolume?.split(':')[0]);
  });

  it('health-checks Redis with a ping and the server with its readiness endpoint', () => {
    expect(healthcheckCommand(redis)).toMatch(/\bredis-cli\b.*\bping\b/);
    expect(healthcheckCommand(server)).toContain('/readyz');
  });

  it('points the server at the redis service', () => {
    const redisUrl = new URL(environmentOf(server).REDIS_URL ?? 'missing:');
    expect(redisUrl.protocol).toBe('redis:');
    expect(redisUrl.hostname).toBe('redis');
    expect(redisUrl.port || '6379').toBe('6379');
  });

  it('requires the admin token from the host instead of defaulting one', () => {
    expect(environmentOf(server).RUMBO_ADMIN_TOKEN).toMatch(/^\$\{RUMBO_ADMIN_TOKEN:\?.+\}$/);
  });

  it('gives nginx a place for the cache its configuration names, and leaves live reader sockets off unless asked', () => {
    const nginxConf = readFileSync(`${root}deploy/nginx.conf`, 'utf8');
    const cachePath = /proxy_cache_path (\S+)/.exec(nginxConf)?.[1];
    expect(cachePath).toBeDefined();
    const tmpfs = services.nginx?.tmpfs ?? [];
    expect(Array.isArray(tmpfs) ? tmpfs : [tmpfs]).toContain(cachePath);
    expect(environmentOf(server).PUBLIC_LIVE).toBe('${PUBLIC_LIVE:-0}');
  });

  it('starts the server only once Redis is healthy', () => {
    const dependsOn = server.depends_on;
    expect(Array.isArray(dependsOn) ? undefined : dependsOn?.redis?.condition).toBe('service_healthy');
  });
});

interface Instruction {
  keyword: string;
  args: string;
}

/** Dockerfile instructions with comments dropped and `\` continuations joined. */
function dockerfileInstructions(text: string): Instruction[] {
  const lines = text
    .split('\n')
    .filter((line) => !line.trim().startsWith('#'))
    .join('\n')
    .replace(/\\\n/g, ' ')
    .split('\n');
  return lines
    .map((line) => line.trim().match(/^(\w+)\s+(.*)$/))
    .filter((match) => match !== null)
    .map(([, keyword = '', args = '']) => ({ keyword: keyword.toUpperCase(), args: args.trim() }));
}

describe('Dockerfile', () => {
  const instructions = dockerfileInstructions(readFileSync(`${root}Dockerfile`, 'utf8'));
  const lastFrom = instructions.map((instruction) => instruction.keyword).lastIndexOf('FROM');
  const runtimeStage = instructions.slice(lastFrom);

  it('is a multi-stage build whose runtime stage copies from the build stage', () => {
    const stages = instructions.filter((instruction) => instruction.keyword === 'FROM');
    expect(stages.length).toBeGreaterThanOrEqual(2);
    expect(stages.some((stage) => /\s+AS\s+build$/i.test(stage.args))).toBe(true);
    const copiesFromBuild = runtimeStage.some(({ keyword, args }) => keyword === 'COPY' && args.startsWith('--from=build '));
    expect(copiesFromBuild).toBe(true);
  });

  it('runs as a non-root user', () => {
    const users = runtimeStage.filter((instruction) => instruction.keyword === 'USER');
    expect(users.length).toBeGreaterThan(0);
    expect(users.at(-1)?.args.split(':')[0]).not.toMatch(/^(root|0)$/);
  });

  it('has a health check', () => {
    const healthchecks = runtimeStage.filter((instruction) => instruction.keyword === 'HEALTHCHECK');
    expect(healthchecks).toHaveLength(1);
    expect(healthchecks[0]?.args).toMatch(/\bCMD\b.*\/healthz/);
  });
});

describe('deploy/nginx.conf', () => {
  const config = readFileSync(`${root}deploy/nginx.conf`, 'utf8')
    .split('\n')
    .filter((line) => !line.trim().startsWith('#'))
    .join('\n');

  it('upgrades WebSocket connections for Socket.IO', () => {
    expect(config).toMatch(/proxy_set_header\s+Upgrade\s+\$http_upgrade;/);
    expect(config).toMatch(/proxy_set_header\s+Connection\s+\$connection_upgrade;/);
    expect(config).toMatch(/proxy_http_version\s+1\.1;/);
  });

  it('keeps each client on one replica, for the polling transport', () => {
    expect(config).toMatch(/upstream\s+rumbo\s*\{[^}]*\bip_hash;/);
    expect(config).toMatch(/server\s+server:8080/);
  });

  it('overwrites X-Forwarded-For instead of appending what the client claims', () => {
    expect(config).toMatch(/proxy_set_header\s+X-Forwarded-For\s+\$remote_addr;/);
    expect(config).not.toContain('$proxy_add_x_forwarded_for');
  });

  it('accepts GPX uploads up to the import limit', () => {
    const limit = /client_max_body_size\s+(\d+)m;/.exec(config);
    expect(Number(limit?.[1])).toBeGreaterThanOrEqual(10);
  });
});
