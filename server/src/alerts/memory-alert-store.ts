import type { Alert, AlertRule } from '@rumbo/shared';
import type { AlertStore, DeliveryRecord, WebhookRecord } from './alert-store';

/** Alerts in this process's memory: the embedded store's companion (one process, so every step is atomic). */
export class MemoryAlertStore implements AlertStore {
  private readonly rules = new Map<string, AlertRule[]>();
  private readonly claims = new Map<string, Map<string, string>>();
  private readonly alerts = new Map<string, Map<string, Alert>>();
  private readonly heardAt = new Map<string, Record<string, number>>();
  private readonly silences = new Map<string, Map<string, string>>();
  private readonly webhooks = new Map<string, WebhookRecord>();
  private readonly deliveries = new Map<string, DeliveryRecord>();
  private readonly queue = new Map<string, number>();

  private static of<V>(maps: Map<string, Map<string, V>>, caravanId: string): Map<string, V> {
    let map = maps.get(caravanId);
    if (!map) maps.set(caravanId, (map = new Map()));
    return map;
  }

  async getRules(caravanId: string) {
    const rules = this.rules.get(caravanId);
    return rules ? structuredClone(rules) : null;
  }
  async setRules(caravanId: string, rules: AlertRule[]) {
    this.rules.set(caravanId, structuredClone(rules));
  }
  async claim(caravanId: string, claim: string, alertId: string) {
    const claims = MemoryAlertStore.of(this.claims, caravanId);
    if (claims.has(claim)) return false;
    claims.set(claim, alertId);
    return true;
  }
  async release(caravanId: string, claim: string, alertId: string) {
    const claims = MemoryAlertStore.of(this.claims, caravanId);
    if (claims.get(claim) !== alertId) return false;
    return claims.delete(claim);
  }
  async saveAlert(alert: Alert) {
    MemoryAlertStore.of(this.alerts, alert.caravanId).set(alert.id, structuredClone(alert));
  }
  async getAlert(caravanId: string, alertId: string) {
    const alert = this.alerts.get(caravanId)?.get(alertId);
    return alert ? structuredClone(alert) : null;
  }
  async listAlerts(caravanId: string, limit: number) {
    return newestFirst([...(this.alerts.get(caravanId)?.values() ?? [])], limit).map((alert) => structuredClone(alert));
  }
  async noteHeard(caravanId: string, heard: Record<string, number>) {
    const known = this.heardAt.get(caravanId) ?? {};
    for (const [who, atMs] of Object.entries(heard)) known[who] = Math.max(known[who] ?? 0, atMs);
    this.heardAt.set(caravanId, known);
  }
  async heard(caravanId: string) {
    return { ...this.heardAt.get(caravanId) };
  }
  async openSilence(caravanId: string, silence: string, alertId: string) {
    const open = MemoryAlertStore.of(this.silences, caravanId);
    if (open.has(silence)) return false;
    open.set(silence, alertId);
    return true;
  }
  async closeSilence(caravanId: string, silence: string) {
    const open = MemoryAlertStore.of(this.silences, caravanId);
    const alertId = open.get(silence) ?? null;
    open.delete(silence);
    return alertId;
  }
  async openSilences(caravanId: string) {
    return Object.fromEntries(this.silences.get(caravanId) ?? []);
  }

  async createWebhook(webhook: WebhookRecord) {
    this.webhooks.set(webhook.id, structuredClone(webhook));
  }
  async getWebhook(webhookId: string) {
    const webhook = this.webhooks.get(webhookId);
    return webhook ? structuredClone(webhook) : null;
  }
  async listWebhooks() {
    return [...this.webhooks.values()].map((webhook) => structuredClone(webhook));
  }
  async deleteWebhook(webhookId: string) {
    return this.webhooks.delete(webhookId);
  }

  async enqueueDelivery(delivery: DeliveryRecord, dueMs: number) {
    this.deliveries.set(delivery.id, structuredClone(delivery));
    this.queue.set(delivery.id, dueMs);
  }
  async saveDelivery(delivery: DeliveryRecord) {
    this.deliveries.set(delivery.id, structuredClone(delivery));
  }
  async getDelivery(deliveryId: string) {
    const delivery = this.deliveries.get(deliveryId);
    return delivery ? structuredClone(delivery) : null;
  }
  async listDeliveries(webhookId: string, limit: number) {
    return [...this.deliveries.values()]
      .filter((delivery) => delivery.webhookId === webhookId)
      .sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt))
      .slice(0, limit)
      .map((delivery) => structuredClone(delivery));
  }
  async dueDeliveries(nowMs: number, limit: number) {
    return [...this.queue]
      .filter(([, dueMs]) => dueMs <= nowMs)
      .sort((a, b) => a[1] - b[1])
      .slice(0, limit)
      .map(([id]) => id);
  }
  async leaseDelivery(deliveryId: string, nowMs: number, untilMs: number) {
    const dueMs = this.queue.get(deliveryId);
    if (dueMs === undefined || dueMs > nowMs) return false;
    this.queue.set(deliveryId, untilMs);
    return true;
  }
  async rescheduleDelivery(deliveryId: string, dueMs: number) {
    if (this.queue.has(deliveryId)) this.queue.set(deliveryId, dueMs);
  }
  async dequeueDelivery(deliveryId: string) {
    this.queue.delete(deliveryId);
  }
}

/** Alerts newest first: by time raised, then by id (alert ids sort by creation). */
export function newestFirst(alerts: Alert[], limit: number): Alert[] {
  return alerts.sort((a, b) => Date.parse(b.at) - Date.parse(a.at) || (a.id < b.id ? 1 : -1)).slice(0, limit);
}
