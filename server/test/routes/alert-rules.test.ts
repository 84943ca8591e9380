import type { AccountCreated, AlertRule } from '@rumbo/shared';
import { describe, expect, it } from 'vitest';
import { DEFAULT_ALERT_RULES } from '../../src/alerts/default-rules';
import { adminHeaders, createCaravan, stores } from '../helper';
import { useTestApp } from '../use-test-app';

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

describe.each(stores)('alert rules on the %s store', (_kind, makeStore) => {
  const setup = useTestApp(makeStore);
  const rulesUrl = (caravanId: string) => `/api/v1/caravans/${caravanId}/alert-rules`;
  const put = (caravanId: string, rules: unknown[], headers: Record<string, string> = adminHeaders) =>
    setup.app.inject({ method: 'PUT', url: rulesUrl(caravanId), headers, payload: { rules } });
  const staff = async (role: string) =>
    (
      await setup.app.inject({ method: 'POST', url: '/api/v1/staff', headers: adminHeaders, payload: { name: role, role } })
    ).json<AccountCreated>();

  it('gives a new caravan the defaults, lets editors replace them and viewers only read', async () => {
    const caravanId = await createCaravan(setup.app);
    const [editor, viewer] = [await staff('editor'), await staff('viewer')];
    const initial = await setup.app.inject({ method: 'GET', url: rulesUrl(caravanId), headers: bearer(viewer.token) });
    expect(initial.statusCode).toBe(200);
    expect(initial.json().rules).toEqual(DEFAULT_ALERT_RULES);

    expect((await put(caravanId, [{ kind: 'crossed_border' }], bearer(viewer.token))).statusCode).toBe(403);
    const saved = await put(
      caravanId,
      [
        { kind: 'border_within_km', km: 50 },
        { id: 'arriaga', kind: 'reached_place', name: 'arriaga', enabled: false },
        { kind: 'entered_state', name: 'Oaxaca' },
        { kind: 'silence_minutes', minutes: 30, reporterId: 'rep-0a1b2c3d4e' },
      ],
      bearer(editor.token),
    );
    expect(saved.statusCode).toBe(200);
    const rules = saved.json<{ rules: AlertRule[] }>().rules;
    expect(rules[0]).toMatchObject({ kind: 'border_within_km', km: 50, enabled: true, id: expect.stringMatching(/^rule-/) });
    expect(rules[1]).toEqual({ id: 'arriaga', kind: 'reached_place', name: 'arriaga', enabled: false });
    const read = await setup.app.inject({ method: 'GET', url: rulesUrl(caravanId), headers: bearer(viewer.token) });
    expect(read.json().rules).toEqual(rules);
  });

  it('adds, changes and removes one rule', async () => {
    const caravanId = await createCaravan(setup.app);
    const added = await setup.app.inject({
      method: 'POST',
      url: rulesUrl(caravanId),
      headers: adminHeaders,
      payload: { kind: 'crossing_within_km', km: 5 },
    });
    expect(added.statusCode).toBe(201);
    const rule = added.json<AlertRule>();
    const patch = (payload: object) =>
      setup.app.inject({ method: 'PATCH', url: `${rulesUrl(caravanId)}/${rule.id}`, headers: adminHeaders, payload });
    expect((await patch({ km: 2, enabled: false })).json()).toEqual({ ...rule, km: 2, enabled: false });
    const wrongParameter = await patch({ minutes: 5 });
    expect(wrongParameter.statusCode).toBe(400);
    expect(wrongParameter.json().error.details).toEqual([expect.objectContaining({ field: 'minutes', rule: 'kind' })]);
    expect(
      (await setup.app.inject({ method: 'DELETE', url: `${rulesUrl(caravanId)}/${rule.id}`, headers: adminHeaders })).statusCode,
    ).toBe(204);
    const left = (await setup.app.inject({ method: 'GET', url: rulesUrl(caravanId), headers: adminHeaders })).json<{
      rules: AlertRule[];
    }>();
    expect(left.rules.map((known) => known.id)).toEqual(DEFAULT_ALERT_RULES.map((known) => known.id));
    expect(
      (await setup.app.inject({ method: 'DELETE', url: `${rulesUrl(caravanId)}/${rule.id}`, headers: adminHeaders })).statusCode,
    ).toBe(404);
  });

  it.each([
    ['an unknown kind', { kind: 'teleported' }, 'rules.0.kind', 'enum'],
    ['a missing parameter', { kind: 'border_within_km' }, 'rules.0.km', 'required'],
    ['a parameter of another kind', { kind: 'crossed_border', km: 3 }, 'rules.0.km', 'additionalProperties'],
    ['an unknown field', { kind: 'border_within_km', km: 3, colour: 'red' }, 'rules.0.colour', 'additionalProperties'],
    ['a distance of zero', { kind: 'border_within_km', km: 0 }, 'rules.0.km', 'exclusiveMinimum'],
    ['a string for a number', { kind: 'silence_minutes', minutes: '60' }, 'rules.0.minutes', 'type'],
    ['a state that is not Mexican', { kind: 'entered_state', name: 'Texas' }, 'rules.0.name', 'state'],
    ['a town the gazetteer does not know', { kind: 'reached_place', name: 'Atlantis' }, 'rules.0.name', 'place'],
    ['off route without a distance', { kind: 'off_route_km' }, 'rules.0.km', 'required'],
    ['off route by a negative distance', { kind: 'off_route_km', km: -5 }, 'rules.0.km', 'exclusiveMinimum'],
    ['a day of no distance', { kind: 'day_km', km: 0 }, 'rules.0.km', 'exclusiveMinimum'],
    ['a day longer than the country', { kind: 'day_km', km: 9_000 }, 'rules.0.km', 'maximum'],
    ['a phone rule without minutes', { kind: 'phone_alive_no_fix' }, 'rules.0.minutes', 'required'],
    ['a phone rule in fractions of a minute', { kind: 'phone_alive_no_fix', minutes: 2.5 }, 'rules.0.minutes', 'type'],
    [
      'a phone rule for one reporter',
      { kind: 'phone_alive_no_fix', minutes: 30, reporterId: 'rep-1' },
      'rules.0.reporterId',
      'additionalProperties',
    ],
    ['a stop without hours', { kind: 'stopped_hours' }, 'rules.0.hours', 'required'],
    ['a stop longer than a month', { kind: 'stopped_hours', hours: 1_000 }, 'rules.0.hours', 'maximum'],
    ['a stop in minutes', { kind: 'stopped_hours', minutes: 60 }, 'rules.0.minutes', 'additionalProperties'],
    ['a headcount change without a percentage', { kind: 'headcount_change_pct' }, 'rules.0.pct', 'required'],
    ['a headcount change of zero', { kind: 'headcount_change_pct', pct: 0 }, 'rules.0.pct', 'exclusiveMinimum'],
    ['a headcount change as text', { kind: 'headcount_change_pct', pct: '30' }, 'rules.0.pct', 'type'],
  ])('refuses %s, naming the field and the rule', async (_what, rule, field, broken) => {
    const caravanId = await createCaravan(setup.app);
    const answer = await put(caravanId, [rule]);
    expect(answer.statusCode).toBe(400);
    expect(answer.json().error.details).toContainEqual(expect.objectContaining({ field, rule: broken }));
    expect(answer.json().error.message).toContain(field);
    // Nothing was written: the defaults still hold.
    expect((await setup.app.inject({ method: 'GET', url: rulesUrl(caravanId), headers: adminHeaders })).json().rules).toEqual(
      DEFAULT_ALERT_RULES,
    );
  });

  it('takes every kind of the design, each with its parameters, and changes only those', async () => {
    const caravanId = await createCaravan(setup.app);
    const rules = [
      { id: 'off-route', kind: 'off_route_km', km: 10, enabled: true },
      { id: 'day', kind: 'day_km', km: 40, enabled: true },
      { id: 'phone', kind: 'phone_alive_no_fix', minutes: 30, enabled: true },
      { id: 'stop', kind: 'stopped_hours', hours: 6, enabled: true },
      { id: 'split', kind: 'headcount_change_pct', pct: 30, enabled: false },
    ];
    const saved = await put(caravanId, rules);
    expect(saved.statusCode).toBe(200);
    expect(saved.json().rules).toEqual(rules);
    const patch = (ruleId: string, payload: object) =>
      setup.app.inject({ method: 'PATCH', url: `${rulesUrl(caravanId)}/${ruleId}`, headers: adminHeaders, payload });
    expect((await patch('stop', { hours: 2.5 })).json()).toEqual({ ...rules[3], hours: 2.5 });
    expect((await patch('split', { pct: 50, enabled: true })).json()).toEqual({ ...rules[4], pct: 50, enabled: true });
    const foreign = await patch('stop', { pct: 5 });
    expect(foreign.statusCode).toBe(400);
    expect(foreign.json().error.details).toEqual([expect.objectContaining({ field: 'pct', rule: 'kind' })]);
    const outOfRange = await patch('split', { pct: -1 });
    expect(outOfRange.statusCode).toBe(400);
    expect(outOfRange.json().error.details).toContainEqual(expect.objectContaining({ field: 'pct' }));
  });

  it('refuses two rules with one id, unknown body fields, and reporters', async () => {
    const caravanId = await createCaravan(setup.app);
    const twice = await put(caravanId, [
      { id: 'a', kind: 'crossed_border' },
      { id: 'a', kind: 'entered_state' },
    ]);
    expect(twice.json().error.details).toEqual([expect.objectContaining({ field: 'rules.1.id', rule: 'unique' })]);
    const extra = await setup.app.inject({
      method: 'PUT',
      url: rulesUrl(caravanId),
      headers: adminHeaders,
      payload: { rules: [], all: true },
    });
    expect(extra.statusCode).toBe(400);
    expect(extra.json().error.details).toContainEqual(expect.objectContaining({ field: 'all', rule: 'additionalProperties' }));
    const reporter = (
      await setup.app.inject({
        method: 'POST',
        url: '/api/v1/reporters',
        headers: adminHeaders,
        payload: { name: 'R', caravans: [caravanId] },
      })
    ).json<AccountCreated>();
    expect(
      (await setup.app.inject({ method: 'GET', url: rulesUrl(caravanId), headers: bearer(reporter.token) })).statusCode,
    ).toBe(403);
    expect((await setup.app.inject({ method: 'GET', url: rulesUrl('no-such-caravan'), headers: adminHeaders })).statusCode).toBe(
      404,
    );
  });
});
