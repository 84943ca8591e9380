import type { Alert, AlertRule, Delivery, Webhook } from '@rumbo/shared';

/** A webhook as stored: with the secret its deliveries are signed with (HMAC needs the secret itself). */
export interface WebhookRecord extends Webhook {
  secret: string;
}

/** A delivery as stored: with the exact body every attempt sends (same id, same body). */
export interface DeliveryRecord extends Delivery {
  body: string;
  /** When retrying ends (ms), fixed by the instance that made it: every instance gives up alike. */
  giveUpAtMs: number;
}

/**
 * Alert rules, the claims that make each alert happen once, the alerts, and the webhook
 * deliveries. Two implementations, one contract, like the track store: in Redis (per-caravan keys
 * hash-tagged `{caravanId}`) for several instances, in memory for the embedded default. Every
 * method that decides who acts (claim, openSilence, closeSilence, leaseDelivery) is atomic in the
 * store, so of several instances exactly one wins, also across a restart.
 */
export interface AlertStore {
  /** The caravan's rules; null when none were ever written (the defaults apply). */
  getRules(caravanId: string): Promise<AlertRule[] | null>;
  setRules(caravanId: string, rules: AlertRule[]): Promise<void>;
  /** Claims `claim` for `alertId`; false when an alert holds it already. */
  claim(caravanId: string, claim: string, alertId: string): Promise<boolean>;
  /** Gives a claim up, only while `alertId` holds it; true when it did. */
  release(caravanId: string, claim: string, alertId: string): Promise<boolean>;
  saveAlert(alert: Alert): Promise<void>;
  getAlert(caravanId: string, alertId: string): Promise<Alert | null>;
  /** The caravan's alerts, newest first. */
  listAlerts(caravanId: string, limit: number): Promise<Alert[]>;
  /** Notes that reports arrived: reporter id (or `*`) → arrival (ms); a later time never goes back. */
  noteHeard(caravanId: string, heard: Record<string, number>): Promise<void>;
  heard(caravanId: string): Promise<Record<string, number>>;
  /** Opens a silence for `alertId`; false when it is open already. */
  openSilence(caravanId: string, silence: string, alertId: string): Promise<boolean>;
  /** Closes a silence; the id of the alert that opened it, or null when it was not open (or someone else closed it). */
  closeSilence(caravanId: string, silence: string): Promise<string | null>;
  /** `rule id|reporter` → alert id of every open silence. */
  openSilences(caravanId: string): Promise<Record<string, string>>;

  createWebhook(webhook: WebhookRecord): Promise<void>;
  getWebhook(webhookId: string): Promise<WebhookRecord | null>;
  listWebhooks(): Promise<WebhookRecord[]>;
  /** false when there was none. Its queued deliveries are dropped when they come due. */
  deleteWebhook(webhookId: string): Promise<boolean>;

  /** Stores a new delivery and queues its first attempt at `dueMs`, in one step. */
  enqueueDelivery(delivery: DeliveryRecord, dueMs: number): Promise<void>;
  saveDelivery(delivery: DeliveryRecord): Promise<void>;
  getDelivery(deliveryId: string): Promise<DeliveryRecord | null>;
  /** A webhook's deliveries, newest first. */
  listDeliveries(webhookId: string, limit: number): Promise<DeliveryRecord[]>;
  /** Ids of deliveries due at `nowMs`, oldest first. */
  dueDeliveries(nowMs: number, limit: number): Promise<string[]>;
  /**
   * Takes the next attempt of a due delivery: moves it to `untilMs` (the lease) only if it is still
   * due at `nowMs`. True for exactly one caller; a crashed attempt is retried once the lease ends.
   */
  leaseDelivery(deliveryId: string, nowMs: number, untilMs: number): Promise<boolean>;
  /** Queues the next attempt at `dueMs`. */
  rescheduleDelivery(deliveryId: string, dueMs: number): Promise<void>;
  /** Takes the delivery off the queue (delivered, or given up). */
  dequeueDelivery(deliveryId: string): Promise<void>;
}
