import type { Alert, AlertRule } from '@rumbo/shared';
import type { Redis } from 'ioredis';
import { keys } from '../store/keys';
import type { AlertStore, DeliveryRecord, WebhookRecord } from './alert-store';
import { newestFirst } from './memory-alert-store';

/** Deletes a hash field only while it holds the given value (a claim given up by its holder). */
const RELEASE_LUA = `
if redis.call('HGET', KEYS[1], ARGV[1]) == ARGV[2] then return redis.call('HDEL', KEYS[1], ARGV[1]) end
return 0`;

/** Raises each field to the given time, never lowers it (arrivals noted out of order). */
const NOTE_MAX_LUA = `
for i = 1, #ARGV, 2 do
  local known = tonumber(redis.call('HGET', KEYS[1], ARGV[i]) or '0')
  if tonumber(ARGV[i + 1]) > known then redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1]) end
end
return 1`;

/** Deletes a hash field and answers what it held: one caller gets it. */
const TAKE_FIELD_LUA = `
local value = redis.call('HGET', KEYS[1], ARGV[1])
if value then redis.call('HDEL', KEYS[1], ARGV[1]) end
return value`;

/** Moves a due member of the queue to its lease's end: one caller gets each attempt. */
const LEASE_LUA = `
local due = redis.call('ZSCORE', KEYS[1], ARGV[1])
if due and tonumber(due) <= tonumber(ARGV[2]) then
  redis.call('ZADD', KEYS[1], ARGV[3], ARGV[1])
  return 1
end
return 0`;

const parse = <T>(json: string | null): T | null => (json === null ? null : (JSON.parse(json) as T));

/** Alerts and webhooks in Redis, sharing the track store's connection. */
export class RedisAlertStore implements AlertStore {
  constructor(private readonly redis: Redis) {}

  async getRules(caravanId: string) {
    return parse<AlertRule[]>(await this.redis.get(keys.alertRules(caravanId)));
  }
  async setRules(caravanId: string, rules: AlertRule[]) {
    await this.redis.set(keys.alertRules(caravanId), JSON.stringify(rules));
  }
  async claim(caravanId: string, claim: string, alertId: string) {
    return (await this.redis.hsetnx(keys.alertClaims(caravanId), claim, alertId)) === 1;
  }
  async release(caravanId: string, claim: string, alertId: string) {
    return (await this.redis.eval(RELEASE_LUA, 1, keys.alertClaims(caravanId), claim, alertId)) === 1;
  }
  async saveAlert(alert: Alert) {
    await this.redis.hset(keys.alerts(alert.caravanId), alert.id, JSON.stringify(alert));
  }
  async getAlert(caravanId: string, alertId: string) {
    return parse<Alert>(await this.redis.hget(keys.alerts(caravanId), alertId));
  }
  async listAlerts(caravanId: string, limit: number) {
    const all = await this.redis.hvals(keys.alerts(caravanId));
    return newestFirst(
      all.map((json) => JSON.parse(json) as Alert),
      limit,
    );
  }
  async noteHeard(caravanId: string, heard: Record<string, number>) {
    const pairs = Object.entries(heard).flatMap(([who, atMs]) => [who, String(atMs)]);
    if (pairs.length > 0) await this.redis.eval(NOTE_MAX_LUA, 1, keys.alertHeard(caravanId), ...pairs);
  }
  async heard(caravanId: string) {
    const stored = await this.redis.hgetall(keys.alertHeard(caravanId));
    return Object.fromEntries(Object.entries(stored).map(([who, atMs]) => [who, Number(atMs)]));
  }
  async openSilence(caravanId: string, silence: string, alertId: string) {
    return (await this.redis.hsetnx(keys.alertSilences(caravanId), silence, alertId)) === 1;
  }
  async closeSilence(caravanId: string, silence: string) {
    return (await this.redis.eval(TAKE_FIELD_LUA, 1, keys.alertSilences(caravanId), silence)) as string | null;
  }
  async openSilences(caravanId: string) {
    return this.redis.hgetall(keys.alertSilences(caravanId));
  }

  async createWebhook(webhook: WebhookRecord) {
    await this.redis.hset(keys.webhooks, webhook.id, JSON.stringify(webhook));
  }
  async getWebhook(webhookId: string) {
    return parse<WebhookRecord>(await this.redis.hget(keys.webhooks, webhookId));
  }
  async listWebhooks() {
    return (await this.redis.hvals(keys.webhooks)).map((json) => JSON.parse(json) as WebhookRecord);
  }
  async deleteWebhook(webhookId: string) {
    return (await this.redis.hdel(keys.webhooks, webhookId)) === 1;
  }

  async enqueueDelivery(delivery: DeliveryRecord, dueMs: number) {
    await this.redis
      .multi()
      .hset(keys.deliveries, delivery.id, JSON.stringify(delivery))
      .zadd(keys.webhookDeliveries(delivery.webhookId), Date.parse(delivery.createdAt), delivery.id)
      .zadd(keys.deliveryQueue, dueMs, delivery.id)
      .exec();
  }
  async saveDelivery(delivery: DeliveryRecord) {
    await this.redis.hset(keys.deliveries, delivery.id, JSON.stringify(delivery));
  }
  async getDelivery(deliveryId: string) {
    return parse<DeliveryRecord>(await this.redis.hget(keys.deliveries, deliveryId));
  }
  async listDeliveries(webhookId: string, limit: number) {
    const ids = await this.redis.zrevrange(keys.webhookDeliveries(webhookId), 0, limit - 1);
    if (ids.length === 0) return [];
    const stored = await this.redis.hmget(keys.deliveries, ...ids);
    return stored.flatMap((json) => (json ? [JSON.parse(json) as DeliveryRecord] : []));
  }
  async dueDeliveries(nowMs: number, limit: number) {
    return this.redis.zrangebyscore(keys.deliveryQueue, '-inf', nowMs, 'LIMIT', 0, limit);
  }
  async leaseDelivery(deliveryId: string, nowMs: number, untilMs: number) {
    return (await this.redis.eval(LEASE_LUA, 1, keys.deliveryQueue, deliveryId, nowMs, untilMs)) === 1;
  }
  async rescheduleDelivery(deliveryId: string, dueMs: number) {
    await this.redis.zadd(keys.deliveryQueue, 'XX', dueMs, deliveryId);
  }
  async dequeueDelivery(deliveryId: string) {
    await this.redis.zrem(keys.deliveryQueue, deliveryId);
  }
}
