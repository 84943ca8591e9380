import type { Alert, Delivery, Webhook, WebhookCreated } from '@rumbo/shared';
import { DEFAULT_ALERT_RULES } from '../alerts/default-rules';

/** Examples of the alert and webhook bodies, for the OpenAPI document. */

export const exampleRules = [...DEFAULT_ALERT_RULES];

export const exampleAlert: Alert = {
  id: 'al-00lqz3k2o-9f8e7d6c',
  ruleId: 'border-100',
  kind: 'border_within_km',
  event: 'triggered',
  caravanId: 'caravana-2024-01',
  at: '2024-02-20T14:02:11.000Z',
  reportId: 'r-20240220-1400',
  fixAt: '2024-02-20T14:00:00.000Z',
  where: [-106.4245, 31.6904],
  place: { name: 'Ciudad Juárez', state: 'Chihuahua', country: 'MX', distanceKm: 0, within: true },
  figures: { distanceToBorderKm: 2.1, thresholdKm: 100 },
  text: 'Caravana de enero is 2.1 km from the US border (rule: within 100 km), in Ciudad Juárez, Chihuahua, Mexico (fix 2024-02-20 14:00 UTC)',
  link: '/?caravan=caravana-2024-01&report=r-20240220-1400',
  claim: 'border-100|border',
};

export const exampleWebhook: Webhook = {
  id: 'wh-0a1b2c3d4e',
  url: 'https://hooks.slack.com/services/T000/B000/XXXX',
  caravans: ['caravana-2024-01'],
  createdAt: '2024-01-10T08:00:00.000Z',
};

export const exampleWebhookCreated: WebhookCreated = { ...exampleWebhook, secret: 'whsec_3q2-7wYx0bJ4mN8kR1tV5zC9eL6hP2sA' };

export const exampleDelivery: Delivery = {
  id: 'dl-8f7e6d5c4b3a2910',
  webhookId: 'wh-0a1b2c3d4e',
  alertId: exampleAlert.id,
  caravanId: 'caravana-2024-01',
  state: 'delivered',
  createdAt: '2024-02-20T14:02:11.000Z',
  attempts: [
    { at: '2024-02-20T14:02:11.050Z', statusCode: 500, durationMs: 84 },
    { at: '2024-02-20T14:02:21.100Z', statusCode: 200, durationMs: 61 },
  ],
};
