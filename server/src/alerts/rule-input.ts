import { randomBytes } from 'node:crypto';
import type { AlertRule, AlertRuleInput, AlertRulePatch } from '@rumbo/shared';
import { gazetteer } from '@rumbo/shared/places';
import { InvalidInput } from '../domain-errors';
import type { FieldProblem } from '../validation';

const newRuleId = () => `rule-${randomBytes(4).toString('hex')}`;

const known = (names: readonly string[], name: string) =>
  names.some((candidate) => candidate.localeCompare(name, 'es', { sensitivity: 'base' }) === 0);

/** The parameters each kind takes (what a patch may change), besides `enabled`. */
const PARAMETERS: Record<AlertRule['kind'], readonly string[]> = {
  border_within_km: ['km'],
  crossing_within_km: ['km'],
  crossed_border: [],
  entered_state: ['name'],
  reached_place: ['name'],
  off_route_km: ['km'],
  day_km: ['km'],
  silence_minutes: ['minutes', 'reporterId'],
  phone_alive_no_fix: ['minutes'],
  stopped_hours: ['hours'],
  headcount_change_pct: ['pct'],
};

/**
 * What the schema cannot check: names must be the gazetteer's (a Mexican state, a known town), and
 * ids unique in the set. `field` prefixes each problem's field (`rules.2`).
 */
function problemsOf(rule: AlertRule, field: string): FieldProblem[] {
  const places = gazetteer();
  const at = (name: string) => (field ? `${field}.${name}` : name);
  if (rule.kind === 'entered_state' && rule.name !== undefined) {
    const mexicanStates = places.stateNames.filter((_, i) => places.countries[i] === 'MX');
    if (!known(mexicanStates, rule.name))
      return [{ field: at('name'), rule: 'state', message: `${at('name')}: "${rule.name}" is not a Mexican state` }];
  }
  if (rule.kind === 'reached_place' && !known(places.names, rule.name))
    return [{ field: at('name'), rule: 'place', message: `${at('name')}: "${rule.name}" is no place the gazetteer knows` }];
  return [];
}

function check(problems: FieldProblem[]): void {
  if (problems.length > 0) throw new InvalidInput('invalid_alert_rule', problems.map((p) => p.message).join('; '), problems);
}

/** A rule as written, made whole (id, enabled) and checked; throws InvalidInput naming the field. */
export function ruleFromInput(input: AlertRuleInput, field = ''): AlertRule {
  const rule = { ...input, id: input.id ?? newRuleId(), enabled: input.enabled ?? true } as AlertRule;
  check(problemsOf(rule, field));
  return rule;
}

/** A whole set of rules (PUT): each checked, ids unique. */
export function rulesFromInput(inputs: readonly AlertRuleInput[]): AlertRule[] {
  const rules = inputs.map((input, index) => ruleFromInput(input, `rules.${index}`));
  const seen = new Set<string>();
  check(
    rules.flatMap((rule, index) => {
      if (!seen.has(rule.id)) return (seen.add(rule.id), []);
      return [{ field: `rules.${index}.id`, rule: 'unique', message: `rules.${index}.id: "${rule.id}" is used twice` }];
    }),
  );
  return rules;
}

/** A rule with a patch applied: only its kind's parameters may change. */
export function patchedRule(rule: AlertRule, patch: AlertRulePatch): AlertRule {
  check(
    Object.keys(patch)
      .filter((name) => name !== 'enabled' && !PARAMETERS[rule.kind].includes(name))
      .map((name) => ({ field: name, rule: 'kind', message: `${name}: a ${rule.kind} rule has no such parameter` })),
  );
  return ruleFromInput({ ...rule, ...patch } as AlertRuleInput);
}
