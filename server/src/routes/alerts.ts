import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { AlertRule as StoredRule } from '@rumbo/shared';
import {
  AlertList,
  AlertRule,
  AlertRuleInput,
  AlertRuleList,
  AlertRuleParams,
  AlertRulePatch,
  AlertRuleSet,
  CaravanParams,
} from '@rumbo/shared';
import { Type } from 'typebox';
import { rulesOf } from '../alerts/alert-engine';
import { patchedRule, ruleFromInput, rulesFromInput } from '../alerts/rule-input';
import { Conflict, NotFound } from '../domain-errors';
import { STAFF_ROLES } from '../plugins/auth';
import { exampleAlert, exampleRules } from './alert-examples';
import { emptyResponse, errorResponses, SECURITY, withExample } from './responses';

const FeedQuery = Type.Object(
  { limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000 })) },
  { additionalProperties: false },
);

/**
 * A caravan's alert rules (staff read; editors and admins change them) and its alert feed (staff).
 * Until an editor writes them, a caravan has the defaults (alerts/default-rules.ts). Alerts carry
 * exact positions: staff only, never on a public path.
 */
const alertRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const docs = (summary: string) => ({ tags: ['alerts'], summary, security: SECURITY.bearer });
  const writers = { preHandler: app.requireRole('admin', 'editor') };
  const readers = { preHandler: app.requireRole(...STAFF_ROLES) };
  const caravanOf = async (caravanId: string) => {
    if (!(await app.caravans.get(caravanId))) throw new NotFound(`caravan ${caravanId}`);
  };
  const rulesPath = '/api/v1/caravans/:caravanId/alert-rules';
  /** Stores the rules and drops this instance's copy (others read them again within seconds). */
  const saveRules = async (caravanId: string, rules: StoredRule[]) => {
    await app.alertStore.setRules(caravanId, rules);
    app.alerts.forgetRules(caravanId);
  };
  const rulesAnswer = { 200: withExample(AlertRuleList, { rules: exampleRules }) };

  app.get(
    rulesPath,
    {
      ...readers,
      schema: {
        ...docs("A caravan's alert rules (the defaults until written)"),
        params: CaravanParams,
        response: { ...rulesAnswer, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      await caravanOf(request.params.caravanId);
      return { rules: await rulesOf(app.alertStore, request.params.caravanId) };
    },
  );

  app.put(
    rulesPath,
    {
      ...writers,
      schema: {
        ...docs("Replace a caravan's alert rules"),
        params: CaravanParams,
        body: withExample(AlertRuleSet, {
          rules: [
            { kind: 'border_within_km', km: 50 },
            { kind: 'reached_place', name: 'Arriaga' },
          ],
        }),
        response: { ...rulesAnswer, ...errorResponses(400, 401, 403, 404, 413, 415) },
      },
    },
    async (request) => {
      await caravanOf(request.params.caravanId);
      const rules = rulesFromInput(request.body.rules);
      await saveRules(request.params.caravanId, rules);
      request.log.info({ caravanId: request.params.caravanId, rules: rules.length }, 'alert rules replaced');
      return { rules };
    },
  );

  app.post(
    rulesPath,
    {
      ...writers,
      schema: {
        ...docs('Add an alert rule'),
        params: CaravanParams,
        body: withExample(AlertRuleInput, { kind: 'silence_minutes', minutes: 30, reporterId: 'rep-0a1b2c3d4e' }),
        response: {
          201: withExample(AlertRule, { id: 'rule-1a2b3c4d', kind: 'silence_minutes', minutes: 30, enabled: true }),
          ...errorResponses(400, 401, 403, 404, 409, 413, 415),
        },
      },
    },
    async (request, reply) => {
      const { caravanId } = request.params;
      await caravanOf(caravanId);
      const rule = ruleFromInput(request.body);
      const rules = await rulesOf(app.alertStore, caravanId);
      if (rules.some((known) => known.id === rule.id)) throw new Conflict('conflict', `rule ${rule.id} exists already`);
      await saveRules(caravanId, [...rules, rule]);
      return reply.code(201).send(rule);
    },
  );

  app.patch(
    `${rulesPath}/:ruleId`,
    {
      ...writers,
      schema: {
        ...docs("Change a rule's parameters, or turn it off or on"),
        params: AlertRuleParams,
        body: withExample(AlertRulePatch, { km: 50 }),
        response: {
          200: withExample(AlertRule, { id: 'border-100', kind: 'border_within_km', km: 50, enabled: true }),
          ...errorResponses(400, 401, 403, 404, 413, 415),
        },
      },
    },
    async (request) => {
      const { caravanId, ruleId } = request.params;
      await caravanOf(caravanId);
      const rules = await rulesOf(app.alertStore, caravanId);
      const rule = rules.find((known) => known.id === ruleId);
      if (!rule) throw new NotFound(`alert rule ${ruleId} of caravan ${caravanId}`);
      const changed = patchedRule(rule, request.body);
      await saveRules(
        caravanId,
        rules.map((known) => (known.id === ruleId ? changed : known)),
      );
      return changed;
    },
  );

  app.delete(
    `${rulesPath}/:ruleId`,
    {
      ...writers,
      schema: {
        ...docs('Remove an alert rule'),
        params: AlertRuleParams,
        response: { 204: emptyResponse('Removed.'), ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const { caravanId, ruleId } = request.params;
      await caravanOf(caravanId);
      const rules = await rulesOf(app.alertStore, caravanId);
      if (!rules.some((known) => known.id === ruleId)) throw new NotFound(`alert rule ${ruleId} of caravan ${caravanId}`);
      await saveRules(
        caravanId,
        rules.filter((known) => known.id !== ruleId),
      );
      return reply.code(204).send();
    },
  );

  app.get(
    '/api/v1/caravans/:caravanId/alerts',
    {
      ...readers,
      schema: {
        ...docs("A caravan's alerts, newest first"),
        params: CaravanParams,
        querystring: FeedQuery,
        response: { 200: withExample(AlertList, { alerts: [exampleAlert] }), ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      await caravanOf(request.params.caravanId);
      return { alerts: await app.alertStore.listAlerts(request.params.caravanId, request.query.limit ?? 100) };
    },
  );
};
export default alertRoutes;
