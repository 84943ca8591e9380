import { randomBytes } from 'node:crypto';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { DeliveryList, type Webhook, WebhookCreated, WebhookInput, WebhookList, WebhookParams } from '@rumbo/shared';
import { Type } from 'typebox';
import type { WebhookRecord } from '../alerts/alert-store';
import { NotFound } from '../domain-errors';
import { newWebhookSecret } from '../webhooks/signature';
import { checkWebhookUrl } from '../webhooks/webhook-url';
import { exampleDelivery, exampleWebhook, exampleWebhookCreated } from './alert-examples';
import { emptyResponse, errorResponses, SECURITY, withExample } from './responses';

const LogQuery = Type.Object(
  { limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000 })) },
  { additionalProperties: false },
);

/** The webhook as the API shows it after its creation: never the secret. */
const shown = ({ secret: _secret, ...webhook }: WebhookRecord): Webhook => webhook;

/**
 * Webhooks (admin only): where alerts are posted, for some caravans or all. The URL and secret
 * are admin-level: the secret signs every delivery and is shown once, in the answer to the
 * creation; the delivery log says what each attempt got.
 */
const webhookRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const adminOnly = { preHandler: app.requireRole('admin') };
  const docs = (summary: string) => ({ tags: ['alerts'], summary, security: SECURITY.bearer });

  app.post(
    '/api/v1/webhooks',
    {
      ...adminOnly,
      schema: {
        ...docs('Add a webhook (its secret is shown once)'),
        body: withExample(WebhookInput, { url: exampleWebhook.url, caravans: exampleWebhook.caravans }),
        response: {
          201: {
            ...withExample(WebhookCreated, exampleWebhookCreated),
            description: 'Created; the only answer that shows the secret.',
          },
          ...errorResponses(400, 401, 403, 404, 413, 415),
        },
      },
    },
    async (request, reply) => {
      const { url, caravans } = request.body;
      await checkWebhookUrl(url, app.alertSettings.webhookAllowPrivate);
      for (const caravanId of caravans ?? [])
        if (!(await app.caravans.get(caravanId))) throw new NotFound(`caravan ${caravanId}`);
      const webhook: WebhookRecord = {
        id: `wh-${randomBytes(5).toString('hex')}`,
        url,
        caravans,
        createdAt: new Date().toISOString(),
        secret: newWebhookSecret(),
      };
      await app.alertStore.createWebhook(webhook);
      request.log.info({ webhookId: webhook.id, caravans }, 'webhook created');
      return reply.code(201).header('cache-control', 'no-store').send(webhook);
    },
  );

  app.get(
    '/api/v1/webhooks',
    {
      ...adminOnly,
      schema: {
        ...docs('Every webhook, without secrets'),
        response: { 200: withExample(WebhookList, { webhooks: [exampleWebhook] }), ...errorResponses(401, 403) },
      },
    },
    async () => ({ webhooks: (await app.alertStore.listWebhooks()).map(shown) }),
  );

  app.delete(
    '/api/v1/webhooks/:webhookId',
    {
      ...adminOnly,
      schema: {
        ...docs('Remove a webhook (its pending deliveries are given up)'),
        params: WebhookParams,
        response: { 204: emptyResponse('Removed.'), ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      if (!(await app.alertStore.deleteWebhook(request.params.webhookId)))
        throw new NotFound(`webhook ${request.params.webhookId}`);
      request.log.info({ webhookId: request.params.webhookId }, 'webhook deleted');
      return reply.code(204).send();
    },
  );

  app.get(
    '/api/v1/webhooks/:webhookId/deliveries',
    {
      ...adminOnly,
      schema: {
        ...docs("A webhook's delivery log, newest first: each attempt's time, status and error"),
        params: WebhookParams,
        querystring: LogQuery,
        response: { 200: withExample(DeliveryList, { deliveries: [exampleDelivery] }), ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      if (!(await app.alertStore.getWebhook(request.params.webhookId))) throw new NotFound(`webhook ${request.params.webhookId}`);
      return { deliveries: await app.alertStore.listDeliveries(request.params.webhookId, request.query.limit ?? 100) };
    },
  );
};
export default webhookRoutes;
