import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config';

/** loadConfig's error for `env`, or a failure when it does not throw one. */
function configError(env: Record<string, string>): ConfigError {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error(`loadConfig accepted ${JSON.stringify(env)}`);
}

describe('loadConfig', () => {
  it('applies the documented defaults to an empty environment', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      port: 8080,
      host: '0.0.0.0',
      redisUrl: null,
      demo: true,
      publicOrigins: [],
      basemapStyleUrl: null,
      logLevel: 'info',
      adminTokenGenerated: true,
      implausibleSpeedKmh: 150,
      lowAccuracyM: 500,
    });
    expect(config.adminToken.length).toBeGreaterThanOrEqual(32);
  });

  it('generates a different admin token on every start without RUMBO_ADMIN_TOKEN', () => {
    expect(loadConfig({}).adminToken).not.toBe(loadConfig({}).adminToken);
  });

  it('turns the demo off by default with Redis, and lets DEMO say otherwise either way', () => {
    expect(loadConfig({ REDIS_URL: 'redis://cache:6379' })).toMatchObject({ redisUrl: 'redis://cache:6379', demo: false });
    expect(loadConfig({ REDIS_URL: 'rediss://cache:6380', DEMO: '1' }).demo).toBe(true);
    expect(loadConfig({ DEMO: '0' }).demo).toBe(false);
  });

  it('leaves live public sockets off unless PUBLIC_LIVE=1, and refuses anything but 0 or 1', () => {
    expect(loadConfig({}).publicLive).toBe(false);
    expect(loadConfig({ PUBLIC_LIVE: '1' }).publicLive).toBe(true);
    expect(loadConfig({ PUBLIC_LIVE: '0' }).publicLive).toBe(false);
    expect(() => loadConfig({ PUBLIC_LIVE: 'yes' })).toThrow(/PUBLIC_LIVE.*must be 0 or 1, got "yes"/);
  });

  it('reads PUBLIC_BASE_URL as a bare origin, and refuses a path or another scheme', () => {
    expect(loadConfig({}).publicBaseUrl).toBeNull();
    expect(loadConfig({ PUBLIC_BASE_URL: 'https://rumbo.example/' }).publicBaseUrl).toBe('https://rumbo.example');
    expect(loadConfig({ PUBLIC_BASE_URL: 'http://localhost:8080' }).publicBaseUrl).toBe('http://localhost:8080');
    expect(() => loadConfig({ PUBLIC_BASE_URL: 'https://rumbo.example/maps' })).toThrow(/PUBLIC_BASE_URL.*bare origin/);
    expect(() => loadConfig({ PUBLIC_BASE_URL: 'ftp://rumbo.example' })).toThrow(/PUBLIC_BASE_URL.*must start with/);
  });

  it('reads every variable it documents', () => {
    const config = loadConfig({
      PORT: '3000',
      HOST: '127.0.0.1',
      RUMBO_ADMIN_TOKEN: '  a-long-admin-token-for-tests  ',
      PUBLIC_ORIGINS: 'https://news.example, https://diario.example:8443/',
      BASEMAP_STYLE_URL: 'https://tiles.example/style.json',
      LOG_LEVEL: 'debug',
      IMPLAUSIBLE_SPEED_KMH: '90',
      LOW_ACCURACY_M: '250',
    });
    expect(config).toMatchObject({
      implausibleSpeedKmh: 90,
      lowAccuracyM: 250,
      port: 3000,
      host: '127.0.0.1',
      adminToken: 'a-long-admin-token-for-tests',
      adminTokenGenerated: false,
      publicOrigins: ['https://news.example', 'https://diario.example:8443'],
      basemapStyleUrl: 'https://tiles.example/style.json',
      logLevel: 'debug',
    });
  });

  it('believes X-Forwarded-For only when TRUST_PROXY says whose', () => {
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: '1' }).trustProxy).toBe(1);
    expect(loadConfig({ TRUST_PROXY: 'true' }).trustProxy).toBe(true);
    expect(loadConfig({ TRUST_PROXY: '10.0.0.0/8, 172.16.0.1' }).trustProxy).toEqual(['10.0.0.0/8', '172.16.0.1']);
  });

  it('treats blank values as unset', () => {
    expect(loadConfig({ PORT: ' ', REDIS_URL: '', DEMO: '', LOG_LEVEL: '' })).toMatchObject({
      port: 8080,
      redisUrl: null,
      demo: true,
      logLevel: 'info',
    });
  });

  it.each<[string, Record<string, string>]>([
    ['PORT', { PORT: 'abc' }],
    ['IMPLAUSIBLE_SPEED_KMH', { IMPLAUSIBLE_SPEED_KMH: 'fast' }],
    ['TRUST_PROXY', { TRUST_PROXY: 'the balancer' }],
    ['IMPLAUSIBLE_SPEED_KMH', { IMPLAUSIBLE_SPEED_KMH: '0' }],
    ['LOW_ACCURACY_M', { LOW_ACCURACY_M: '-5' }],
    ['PORT', { PORT: '70000' }],
    ['PORT', { PORT: '-1' }],
    ['PORT', { PORT: '80.5' }],
    ['REDIS_URL', { REDIS_URL: 'http://x' }],
    ['REDIS_URL', { REDIS_URL: 'localhost:6379' }],
    ['RUMBO_ADMIN_TOKEN', { RUMBO_ADMIN_TOKEN: 'short' }],
    ['DEMO', { DEMO: 'yes' }],
    ['LOG_LEVEL', { LOG_LEVEL: 'loud' }],
    ['PUBLIC_ORIGINS', { PUBLIC_ORIGINS: 'not a url' }],
    ['PUBLIC_ORIGINS', { PUBLIC_ORIGINS: 'https://news.example/embeds' }],
    ['BASEMAP_STYLE_URL', { BASEMAP_STYLE_URL: 'ftp://x' }],
  ])('refuses a bad %s (%j) with a ConfigError naming it', (variable, env) => {
    const error = configError(env);
    expect(error.variable).toBe(variable);
    expect(error.message.startsWith(`${variable}: `)).toBe(true);
  });

  it('says what it got, so the operator sees the typo', () => {
    expect(configError({ PORT: 'abc' }).message).toContain('"abc"');
    expect(configError({ LOG_LEVEL: 'loud' }).message).toContain('"loud"');
  });

  it('limits requests a minute to 120 per reporter, 1000 per staff token, 300 per IP by default', () => {
    expect(loadConfig({}).rateLimitsPerMinute).toEqual({ reporter: 120, staff: 1000, anonymous: 300 });
  });

  it('caps Socket.IO connections per address at 100 by default, or at SOCKET_CONNECTIONS_PER_IP', () => {
    expect(loadConfig({}).socketConnectionsPerIp).toBe(100);
    expect(loadConfig({ SOCKET_CONNECTIONS_PER_IP: '40' }).socketConnectionsPerIp).toBe(40);
    expect(configError({ SOCKET_CONNECTIONS_PER_IP: '0' }).message).toMatch(/^SOCKET_CONNECTIONS_PER_IP: must be a whole number/);
  });

  it('reads each rate limit from its own variable', () => {
    const config = loadConfig({ RATE_LIMIT_REPORTER: '30', RATE_LIMIT_STAFF: ' 5000 ', RATE_LIMIT_ANONYMOUS: '1' });
    expect(config.rateLimitsPerMinute).toEqual({ reporter: 30, staff: 5000, anonymous: 1 });
    expect(loadConfig({ RATE_LIMIT_STAFF: '2000' }).rateLimitsPerMinute).toEqual({ reporter: 120, staff: 2000, anonymous: 300 });
  });

  it.each<[string, string]>([
    ['RATE_LIMIT_REPORTER', 'many'],
    ['RATE_LIMIT_REPORTER', '0'],
    ['RATE_LIMIT_STAFF', '1.5'],
    ['RATE_LIMIT_STAFF', '1e3'],
    ['RATE_LIMIT_ANONYMOUS', '-300'],
    ['RATE_LIMIT_ANONYMOUS', '99999999999999999999'],
  ])('refuses %s=%s, naming the variable and the value', (variable, value) => {
    const error = configError({ [variable]: value });
    expect(error.variable).toBe(variable);
    expect(error.message).toBe(`${variable}: must be a whole number of at least 1, got "${value}"`);
  });

  it('does not echo the admin token it refuses', () => {
    expect(configError({ RUMBO_ADMIN_TOKEN: 'hunter2' }).message).not.toContain('hunter2');
  });
});
