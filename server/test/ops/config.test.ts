import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config';

function refused(env: Record<string, string>): string {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.message;
    throw error;
  }
  throw new Error(`loadConfig accepted ${JSON.stringify(env)}`);
}

describe('operations settings', () => {
  it('leaves /metrics open and sheds load past 1 s of event-loop delay by default', () => {
    expect(loadConfig({})).toMatchObject({ metricsToken: null, maxEventLoopDelayMs: 1000 });
  });

  it('reads METRICS_TOKEN and MAX_EVENT_LOOP_DELAY_MS', () => {
    const config = loadConfig({ METRICS_TOKEN: ' scrape-me-0123456789abcdef ', MAX_EVENT_LOOP_DELAY_MS: '250' });
    expect(config).toMatchObject({ metricsToken: 'scrape-me-0123456789abcdef', maxEventLoopDelayMs: 250 });
  });

  it('turns load shedding off with MAX_EVENT_LOOP_DELAY_MS=0', () => {
    expect(loadConfig({ MAX_EVENT_LOOP_DELAY_MS: '0' }).maxEventLoopDelayMs).toBe(0);
  });

  it('refuses a short or spaced METRICS_TOKEN and a delay that is no number of milliseconds, naming the variable', () => {
    expect(refused({ METRICS_TOKEN: 'short' })).toMatch(/^METRICS_TOKEN: must be at least 16 printable characters/);
    expect(refused({ METRICS_TOKEN: 'has a space in the middle of it' })).toMatch(/^METRICS_TOKEN: /);
    expect(refused({ MAX_EVENT_LOOP_DELAY_MS: '-5' })).toBe(
      'MAX_EVENT_LOOP_DELAY_MS: must be a number of milliseconds (0: no load shedding), got "-5"',
    );
    expect(refused({ MAX_EVENT_LOOP_DELAY_MS: 'soon' })).toMatch(/^MAX_EVENT_LOOP_DELAY_MS: /);
  });

  it('keeps webhooks off private addresses and retries them for a day by default, and reads the alert settings', () => {
    expect(loadConfig({})).toMatchObject({ webhookAllowPrivate: false, webhookRetryMs: 86_400_000, alertSweepMs: 30_000 });
    const config = loadConfig({ WEBHOOK_ALLOW_PRIVATE: '1', WEBHOOK_RETRY_HOURS: '0.5', ALERT_SWEEP_SECONDS: '5' });
    expect(config).toMatchObject({ webhookAllowPrivate: true, webhookRetryMs: 1_800_000, alertSweepMs: 5_000 });
    expect(refused({ WEBHOOK_ALLOW_PRIVATE: 'yes' })).toBe('WEBHOOK_ALLOW_PRIVATE: must be 0 or 1, got "yes"');
    expect(refused({ WEBHOOK_RETRY_HOURS: '0' })).toMatch(/^WEBHOOK_RETRY_HOURS: must be a positive number/);
    expect(refused({ ALERT_SWEEP_SECONDS: 'often' })).toMatch(/^ALERT_SWEEP_SECONDS: /);
  });
});
