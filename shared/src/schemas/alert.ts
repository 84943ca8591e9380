import { Type, type Static } from 'typebox';
import { CaravanId, IsoTime, LngLatTuple, ReportId } from './common';
import { Place } from './report';

/**
 * What each rule kind takes besides `kind`, `id` and `enabled`: the contract of ARCHITECTURE.md
 * (Alerts). Each kind's parameters are checked by its own `then` branch, so a wrong or missing
 * parameter is named with the rule it breaks, not "does not match any allowed form".
 */
const Km = Type.Number({ exclusiveMinimum: 0, maximum: 5_000 });
const Minutes = Type.Integer({ minimum: 1, maximum: 10_080 });
/** Up to a month: a caravan resting longer is no longer news by the hour. */
const Hours = Type.Number({ exclusiveMinimum: 0, maximum: 720 });
/** A change in percent of the previous count: a fall is at most 100 %, a rise may be many times it. */
const Pct = Type.Number({ exclusiveMinimum: 0, maximum: 10_000 });
const ReporterId = Type.String({ pattern: '^[A-Za-z0-9_-]{1,64}$' });
const RULE_PARAMETERS = {
  border_within_km: Type.Object({ km: Km }),
  crossing_within_km: Type.Object({ km: Km }),
  crossed_border: Type.Object({}),
  entered_state: Type.Object({ name: Type.Optional(Type.String({ minLength: 1, maxLength: 120 })) }),
  reached_place: Type.Object({ name: Type.String({ minLength: 1, maxLength: 120 }) }),
  off_route_km: Type.Object({ km: Km }),
  day_km: Type.Object({ km: Km }),
  silence_minutes: Type.Object({ minutes: Minutes, reporterId: Type.Optional(ReporterId) }),
  phone_alive_no_fix: Type.Object({ minutes: Minutes }),
  stopped_hours: Type.Object({ hours: Hours }),
  headcount_change_pct: Type.Object({ pct: Pct }),
} as const;

export type AlertRuleKind = keyof typeof RULE_PARAMETERS;
export const ALERT_RULE_KINDS = Object.keys(RULE_PARAMETERS) as AlertRuleKind[];

/**
 * Milestones fire once per caravan (and subject: a state, a day, a count); the other kinds are
 * conditions that fire once each time they begin and send a follow-up when they end (silences,
 * off route, stopped).
 */
export const MILESTONE_KINDS: readonly AlertRuleKind[] = [
  'border_within_km',
  'crossing_within_km',
  'crossed_border',
  'entered_state',
  'reached_place',
  'day_km',
  'headcount_change_pct',
];

const RuleId = Type.String({ pattern: '^[a-z0-9-]{1,64}$' });

type RuleOf<K extends AlertRuleKind> = { kind: K; id: string; enabled: boolean } & Static<(typeof RULE_PARAMETERS)[K]>;

/** One rule of a caravan, as stored and shown. */
export type AlertRule = { [K in AlertRuleKind]: RuleOf<K> }[AlertRuleKind];
/** A rule as written: `id` and `enabled` may be left out (a new id; enabled). */
export type AlertRuleInput = {
  [K in AlertRuleKind]: Omit<RuleOf<K>, 'id' | 'enabled'> & { id?: string; enabled?: boolean };
}[AlertRuleKind];

function ruleSchema() {
  const common = { id: RuleId, enabled: Type.Boolean() };
  const branches = ALERT_RULE_KINDS.map((kind) => ({
    if: { properties: { kind: { const: kind } }, required: ['kind'] },
    then: {
      type: 'object',
      properties: { kind: { const: kind }, ...common, ...RULE_PARAMETERS[kind].properties },
      required: [...(RULE_PARAMETERS[kind].required ?? [])],
      additionalProperties: false,
    },
  }));
  return {
    type: 'object',
    properties: { kind: { type: 'string', enum: ALERT_RULE_KINDS } },
    required: ['kind'],
    allOf: branches,
  };
}

export const AlertRuleInput = Type.Unsafe<AlertRuleInput>(ruleSchema());

/**
 * A rule as answered: every kind's parameters in one flat object (each present only for its
 * kinds, as AlertRuleInput says), since the answer's serializer cannot merge if/then branches.
 */
export const AlertRule = Type.Object({
  id: RuleId,
  kind: Type.Unsafe<AlertRuleKind>({ type: 'string', enum: ALERT_RULE_KINDS }),
  enabled: Type.Boolean(),
  km: Type.Optional(Km),
  name: Type.Optional(Type.String()),
  minutes: Type.Optional(Type.Integer()),
  reporterId: Type.Optional(Type.String()),
  hours: Type.Optional(Type.Number()),
  pct: Type.Optional(Type.Number()),
});

export const AlertRuleList = Type.Object({ rules: Type.Array(AlertRule) });
export type AlertRuleList = Static<typeof AlertRuleList>;

/** The whole set of a caravan's rules, replacing what it had (PUT). */
export const AlertRuleSet = Type.Object(
  { rules: Type.Array(AlertRuleInput, { maxItems: 100 }) },
  { additionalProperties: false },
);

export const AlertRuleParams = Type.Object({ caravanId: CaravanId, ruleId: RuleId }, { additionalProperties: false });

/** A rule changed in place: its parameters (checked against its kind) and whether it is on. */
export const AlertRulePatch = Type.Object(
  {
    enabled: Type.Optional(Type.Boolean()),
    km: Type.Optional(Km),
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 120 })),
    minutes: Type.Optional(Minutes),
    reporterId: Type.Optional(ReporterId),
    hours: Type.Optional(Hours),
    pct: Type.Optional(Pct),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type AlertRulePatch = Static<typeof AlertRulePatch>;

/**
 * What happened: a rule's condition met, a milestone taken back (its fix hidden), or a condition
 * ended (`resumed`: reports or fixes back after a silence, back on the route, moving again).
 */
export const AlertEvent = Type.Union([Type.Literal('triggered'), Type.Literal('withdrawn'), Type.Literal('resumed')]);
export type AlertEvent = Static<typeof AlertEvent>;

/** One alert: staff-level data (exact positions), never on a public path. */
export const Alert = Type.Object({
  id: Type.String(),
  ruleId: Type.String(),
  kind: Type.String(),
  event: AlertEvent,
  caravanId: CaravanId,
  /** When the alert was raised. */
  at: IsoTime,
  /** The fix that met the rule (milestones), its fix time and exact position. */
  reportId: Type.Optional(ReportId),
  fixAt: Type.Optional(IsoTime),
  where: Type.Optional(LngLatTuple),
  place: Type.Optional(Place),
  /** The numbers behind it, units in the names (`distanceToBorderKm`, `silentMinutes`…). */
  figures: Type.Record(Type.String(), Type.Union([Type.Number(), Type.String()])),
  /** One line a person reads (also the webhook's Slack-compatible `text`). */
  text: Type.String(),
  /** Dashboard path that opens the caravan at the fix. */
  link: Type.String(),
  /** A follow-up (withdrawn, resumed) names the alert it follows. */
  refersTo: Type.Optional(Type.String()),
  /** What a milestone claimed (`rule id|subject`): the one thing it fires for, once per caravan. */
  claim: Type.Optional(Type.String()),
  /** Set on a milestone once a follow-up withdrew it. */
  withdrawn: Type.Optional(Type.Boolean()),
});
export type Alert = Static<typeof Alert>;

export const AlertList = Type.Object({ alerts: Type.Array(Alert) });

export const WebhookInput = Type.Object(
  {
    url: Type.String({ format: 'uri', maxLength: 2_000 }),
    /** The caravans whose alerts it receives; null: every caravan. */
    caravans: Type.Union([Type.Array(CaravanId, { minItems: 1, maxItems: 100, uniqueItems: true }), Type.Null()]),
  },
  { additionalProperties: false },
);
export type WebhookInput = Static<typeof WebhookInput>;

/** A webhook as the API shows it: never its secret, which only the answer to its creation shows. */
export const Webhook = Type.Object({
  id: Type.String(),
  url: Type.String(),
  caravans: Type.Union([Type.Array(CaravanId), Type.Null()]),
  createdAt: IsoTime,
});
export type Webhook = Static<typeof Webhook>;

export const WebhookCreated = Type.Intersect([Webhook, Type.Object({ secret: Type.String() })]);
export type WebhookCreated = Static<typeof WebhookCreated>;

export const WebhookList = Type.Object({ webhooks: Type.Array(Webhook) });
export const WebhookParams = Type.Object(
  { webhookId: Type.String({ pattern: '^wh-[a-f0-9]{10}$' }) },
  { additionalProperties: false },
);

export const DeliveryAttempt = Type.Object({
  at: IsoTime,
  /** The receiver's status; null when no answer came (refused, timed out). */
  statusCode: Type.Union([Type.Integer(), Type.Null()]),
  error: Type.Optional(Type.String()),
  durationMs: Type.Number(),
});
export type DeliveryAttempt = Static<typeof DeliveryAttempt>;

export const Delivery = Type.Object({
  id: Type.String(),
  webhookId: Type.String(),
  alertId: Type.String(),
  caravanId: CaravanId,
  state: Type.Union([Type.Literal('pending'), Type.Literal('delivered'), Type.Literal('failed')]),
  createdAt: IsoTime,
  attempts: Type.Array(DeliveryAttempt),
});
export type Delivery = Static<typeof Delivery>;

export const DeliveryList = Type.Object({ deliveries: Type.Array(Delivery) });
