import { randomBytes } from 'node:crypto';
import type { Alert } from '@rumbo/shared';
import type { AlertStore, DeliveryRecord } from '../alerts/alert-store';

const newDeliveryId = () => `dl-${randomBytes(8).toString('hex')}`;

/**
 * `text` as Slack reads it: `&`, `<` and `>` escaped, so a name such as "<!channel>" in a caravan's
 * name is shown, not obeyed (Slack's "Escaping text" rule; Mattermost and Rocket.Chat read it alike).
 */
export const chatText = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * What a receiver gets: the alert, and `text` for Slack-compatible incoming webhooks. With the
 * server's public address (PUBLIC_BASE_URL), also `url`, the dashboard at the alert's fix, and the
 * text ends with it as a chat link (`<url|Open in Rumbo>`, Slack's link markup, escaped as the rest of the text; Mattermost
 * and Rocket.Chat read alike); without it a chat message has no address to link to.
 */
export function deliveryBody(deliveryId: string, alert: Alert, baseUrl: string | null = null): string {
  if (baseUrl === null) return JSON.stringify({ deliveryId, alert, text: chatText(alert.text) });
  const url = new URL(alert.link, `${baseUrl}/`).href;
  return JSON.stringify({ deliveryId, alert, text: `${chatText(alert.text)} <${chatText(url)}|Open in Rumbo>`, url });
}

/**
 * Queues one delivery of `alert` to every webhook that wants its caravan (its own list, or every
 * caravan). The body is fixed now: every attempt sends the same bytes under the same id.
 */
export async function queueDeliveries(
  alertStore: AlertStore,
  alert: Alert,
  nowMs: number,
  retryForMs: number,
  baseUrl: string | null = null,
): Promise<DeliveryRecord[]> {
  const hooks = (await alertStore.listWebhooks()).filter(
    (hook) => hook.caravans === null || hook.caravans.includes(alert.caravanId),
  );
  return Promise.all(
    hooks.map(async (hook) => {
      const id = newDeliveryId();
      const delivery: DeliveryRecord = {
        id,
        webhookId: hook.id,
        alertId: alert.id,
        caravanId: alert.caravanId,
        state: 'pending',
        createdAt: new Date(nowMs).toISOString(),
        attempts: [],
        body: deliveryBody(id, alert, baseUrl),
        giveUpAtMs: nowMs + retryForMs,
      };
      await alertStore.enqueueDelivery(delivery, nowMs);
      return delivery;
    }),
  );
}
