import type { Translate } from '../../i18n/i18n';
import { kindOf, type RuleParameter, type ShownRule } from './rule-kinds';

/** A kind's name as people read it; a kind this dashboard does not know is named by its id. */
export const kindLabel = (t: Translate, kind: string) =>
  kindOf(kind) ? t(`rules.kind.${kind}`) : t('rules.unknown-kind-label', { kind });

/** A parameter's label; one of a kind this dashboard does not know is its API name. */
export const parameterLabel = (t: Translate, kind: string, parameter: RuleParameter) =>
  kindOf(kind) ? t(`rules.param.${kind}.${parameter.name}`) : parameter.name;

/** One parameter's value as read: `100 km`, `60 min`, a town, a reporter's name. */
function valueText(t: Translate, parameter: RuleParameter, value: unknown, reporterName: (id: string) => string): string {
  const { input } = parameter;
  if (input.type === 'number' && typeof value === 'number') return t(`rules.unit.${input.unit}`, { n: value });
  if (input.type === 'reporter') return reporterName(String(value));
  return String(value);
}

/**
 * A rule in one line, from the kind table: its kind, then each parameter it has.
 * @example ruleText(t, { id: 'b', kind: 'border_within_km', km: 100, enabled: true }, (id) => id) // 'Near the US border · 100 km'
 */
export function ruleText(t: Translate, rule: ShownRule, reporterName: (id: string) => string): string {
  const parameters = kindOf(rule.kind, rule)?.parameters ?? [];
  const values = parameters
    .filter((parameter) => rule[parameter.name] !== undefined)
    .map((parameter) => valueText(t, parameter, rule[parameter.name], reporterName));
  return [kindLabel(t, rule.kind), ...values].join(' · ');
}
