import { randomBytes } from 'node:crypto';
import { DEFAULT_PLAUSIBILITY } from '@rumbo/shared/geo';

/** Everything the process reads from its environment, validated once at boot. */
export interface Config {
  port: number;
  host: string;
  /** Unset: the embedded in-memory store (one process, nothing kept across restarts). */
  redisUrl: string | null;
  adminToken: string;
  /** true when the token was generated because RUMBO_ADMIN_TOKEN was unset: log it once. */
  adminTokenGenerated: boolean;
  demo: boolean;
  publicOrigins: string[];
  basemapStyleUrl: string | null;
  /**
   * The origin readers reach Rumbo at (`https://rumbo.example`), for the absolute URLs of social
   * cards and oEmbed; null: each request's own origin (its Host, and X-Forwarded-Proto behind a trusted proxy).
   */
  publicBaseUrl: string | null;
  logLevel: LogLevel;
  /** Between consecutive fixes, faster than this is flagged `implausible_speed`. */
  implausibleSpeedKmh: number;
  /** Accuracy worse than this is flagged `low_accuracy`. */
  lowAccuracyM: number;
  rateLimitsPerMinute: RateLimitsPerMinute;
  /**
   * Which proxies' X-Forwarded-For to believe (Fastify's trustProxy): false when clients reach
   * the server directly, a hop count, or addresses/CIDR ranges of the load balancers.
   */
  trustProxy: boolean | number | string[];
  /**
   * Whether readers may hold a `/public` socket for live pushes (PUBLIC_LIVE=1). Off by default:
   * readers poll cacheable URLs, which a CDN or nginx absorbs for any crowd; a socket per reader
   * costs the server memory and suits small audiences only.
   */
  publicLive: boolean;
  /** Sockets one IP may hold open on the public namespace. */
  publicSocketsPerIp: number;
  /** Socket.IO connections (every namespace together) one IP may hold open on one instance. */
  socketConnectionsPerIp: number;
  /** How often each instance pushes fixes that came out of the delay window to public viewers. */
  publicReleaseMs: number;
  /** Unset: anyone may read /metrics; set: it needs `Authorization: Bearer <this>`. */
  metricsToken: string | null;
  /** Mean event-loop delay past which requests are shed with 503 (load shedding); 0: never shed. */
  maxEventLoopDelayMs: number;
  /** Webhooks may reach http URLs and private or loopback addresses (tests, on-premises receivers). */
  webhookAllowPrivate: boolean;
  /** How long a webhook delivery is retried until a 2xx before it is given up. */
  webhookRetryMs: number;
  /** How often each instance looks for silences (no report for N minutes). */
  alertSweepMs: number;
}

/** Requests a minute each caller may make (ARCHITECTURE.md, HTTP API). */
export interface RateLimitsPerMinute {
  /** Per reporter credential: bearer token, or the device credential a phone app sends. */
  reporter: number;
  /** Per staff token, the admin's included. */
  staff: number;
  /** Per client IP, for requests without a valid credential. */
  anonymous: number;
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
type LogLevel = (typeof LOG_LEVELS)[number];

/** A bad environment value: the message names the variable and the rule. */
export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    rule: string,
  ) {
    super(`${variable}: ${rule}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

function readPort(env: Env): number {
  const raw = env.PORT?.trim() || '8080';
  const port = Number(raw);
  if (!/^\d+$/.test(raw) || port > 65_535) throw new ConfigError('PORT', `must be a whole number from 0 to 65535, got "${raw}"`);
  return port;
}

function readUrl(env: Env, name: string, protocols: string[]): string | null {
  const raw = env[name]?.trim();
  if (!raw) return null;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(name, `must be a URL, got "${raw}"`);
  }
  if (!protocols.includes(url.protocol))
    throw new ConfigError(name, `must start with ${protocols.map((p) => `${p}//`).join(' or ')}, got "${raw}"`);
  return raw;
}

/** PUBLIC_BASE_URL as a bare origin: links are made by appending paths to it. */
function readPublicBaseUrl(env: Env): string | null {
  const raw = readUrl(env, 'PUBLIC_BASE_URL', ['http:', 'https:']);
  if (raw === null) return null;
  const { origin } = new URL(raw);
  if (origin !== raw.replace(/\/$/, ''))
    throw new ConfigError('PUBLIC_BASE_URL', `must be a bare origin (scheme://host[:port]) without a path, got "${raw}"`);
  return origin;
}

function readAdminToken(env: Env): { adminToken: string; adminTokenGenerated: boolean } {
  const raw = env.RUMBO_ADMIN_TOKEN?.trim();
  if (!raw) return { adminToken: randomBytes(24).toString('base64url'), adminTokenGenerated: true };
  if (raw.length < 16) throw new ConfigError('RUMBO_ADMIN_TOKEN', 'must be at least 16 characters (use a long random string)');
  return { adminToken: raw, adminTokenGenerated: false };
}

function readMetricsToken(env: Env): string | null {
  const raw = env.METRICS_TOKEN?.trim();
  if (!raw) return null;
  if (!/^[\x21-\x7e]{16,}$/.test(raw))
    throw new ConfigError('METRICS_TOKEN', 'must be at least 16 printable characters without spaces (use a long random string)');
  return raw;
}

function readMaxEventLoopDelayMs(env: Env): number {
  const raw = env.MAX_EVENT_LOOP_DELAY_MS?.trim();
  if (!raw) return 1000;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0)
    throw new ConfigError('MAX_EVENT_LOOP_DELAY_MS', `must be a number of milliseconds (0: no load shedding), got "${raw}"`);
  return value;
}

function readDemo(env: Env, redisUrl: string | null): boolean {
  return readFlag(env, 'DEMO', redisUrl === null);
}

function readFlag(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  if (raw !== '0' && raw !== '1') throw new ConfigError(name, `must be 0 or 1, got "${raw}"`);
  return raw === '1';
}

function readOrigins(env: Env): string[] {
  const raw = env.PUBLIC_ORIGINS?.trim();
  if (!raw) return [];
  return raw
    .split(/[\s,]+/)
    .filter(Boolean)
    .map((origin) => {
      if (origin === '*') return origin;
      let url: URL;
      try {
        url = new URL(origin);
      } catch {
        throw new ConfigError('PUBLIC_ORIGINS', `"${origin}" is not an origin such as https://news.example`);
      }
      if (url.origin !== origin.replace(/\/$/, ''))
        throw new ConfigError('PUBLIC_ORIGINS', `"${origin}" must be a bare origin (scheme://host[:port]) without a path`);
      return url.origin;
    });
}

function readPositiveNumber(env: Env, name: string, fallback: number): number {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new ConfigError(name, `must be a positive number, got "${raw}"`);
  return value;
}

function readPositiveInteger(env: Env, name: string, fallback: number): number {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || !Number.isSafeInteger(value) || value < 1)
    throw new ConfigError(name, `must be a whole number of at least 1, got "${raw}"`);
  return value;
}

function readRateLimits(env: Env): RateLimitsPerMinute {
  return {
    reporter: readPositiveInteger(env, 'RATE_LIMIT_REPORTER', 120),
    staff: readPositiveInteger(env, 'RATE_LIMIT_STAFF', 1000),
    anonymous: readPositiveInteger(env, 'RATE_LIMIT_ANONYMOUS', 300),
  };
}

function readLogLevel(env: Env): LogLevel {
  const raw = env.LOG_LEVEL?.trim() || 'info';
  if (!(LOG_LEVELS as readonly string[]).includes(raw))
    throw new ConfigError('LOG_LEVEL', `must be one of ${LOG_LEVELS.join(', ')}, got "${raw}"`);
  return raw as LogLevel;
}

/** Reads and validates the environment (ARCHITECTURE.md, Configuration). Throws ConfigError. */
function readTrustProxy(env: Env): boolean | number | string[] {
  const raw = env.TRUST_PROXY?.trim();
  if (!raw || raw === 'false' || raw === '0') return false;
  if (raw === 'true') return true;
  if (/^\d+$/.test(raw)) return Number(raw);
  const ranges = raw.split(/[\s,]+/).filter(Boolean);
  for (const range of ranges) {
    if (!/^[0-9a-fA-F:.]+(\/\d{1,3})?$/.test(range) && !['loopback', 'linklocal', 'uniquelocal'].includes(range)) {
      throw new ConfigError(
        'TRUST_PROXY',
        `must be true, false, a hop count, or IP addresses/CIDR ranges; "${range}" is none of these`,
      );
    }
  }
  return ranges;
}

export function loadConfig(env: Env = process.env): Config {
  const redisUrl = readUrl(env, 'REDIS_URL', ['redis:', 'rediss:']);
  return {
    port: readPort(env),
    host: env.HOST?.trim() || '0.0.0.0',
    redisUrl,
    ...readAdminToken(env),
    demo: readDemo(env, redisUrl),
    publicOrigins: readOrigins(env),
    basemapStyleUrl: readUrl(env, 'BASEMAP_STYLE_URL', ['http:', 'https:']),
    publicBaseUrl: readPublicBaseUrl(env),
    logLevel: readLogLevel(env),
    implausibleSpeedKmh: readPositiveNumber(env, 'IMPLAUSIBLE_SPEED_KMH', DEFAULT_PLAUSIBILITY.maxSpeedKmh),
    lowAccuracyM: readPositiveNumber(env, 'LOW_ACCURACY_M', DEFAULT_PLAUSIBILITY.lowAccuracyM),
    rateLimitsPerMinute: readRateLimits(env),
    trustProxy: readTrustProxy(env),
    publicLive: readFlag(env, 'PUBLIC_LIVE', false),
    publicSocketsPerIp: readPositiveNumber(env, 'PUBLIC_SOCKETS_PER_IP', 20),
    socketConnectionsPerIp: readPositiveInteger(env, 'SOCKET_CONNECTIONS_PER_IP', 100),
    publicReleaseMs: readPositiveNumber(env, 'PUBLIC_RELEASE_SECONDS', 15) * 1000,
    metricsToken: readMetricsToken(env),
    maxEventLoopDelayMs: readMaxEventLoopDelayMs(env),
    webhookAllowPrivate: readFlag(env, 'WEBHOOK_ALLOW_PRIVATE', false),
    webhookRetryMs: readPositiveNumber(env, 'WEBHOOK_RETRY_HOURS', 24) * 3_600_000,
    alertSweepMs: readPositiveNumber(env, 'ALERT_SWEEP_SECONDS', 30) * 1000,
  };
}
