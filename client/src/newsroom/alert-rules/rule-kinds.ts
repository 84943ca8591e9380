/** How a parameter is entered and shown: a number in a unit, a name, or one of the reporters. */
export type ParameterInput =
  | { type: 'number'; unit: 'km' | 'minutes' | 'hours' | 'pct'; integer: boolean }
  | { type: 'text'; hint: boolean }
  | { type: 'reporter' };

export interface RuleParameter {
  /** The field's name in the API (`km`, `minutes`…); its label is `rules.param.<kind>.<name>`. */
  name: string;
  input: ParameterInput;
  optional?: boolean;
}

export interface RuleKind {
  /** The API's kind; its label is `rules.kind.<kind>`. */
  kind: string;
  parameters: readonly RuleParameter[];
}

/** A rule as the API answers it: its kind's parameters beside `id`, `kind` and `enabled`. */
export interface ShownRule {
  id: string;
  kind: string;
  enabled: boolean;
  [parameter: string]: unknown;
}

const km: RuleParameter = { name: 'km', input: { type: 'number', unit: 'km', integer: false } };
const minutes: RuleParameter = { name: 'minutes', input: { type: 'number', unit: 'minutes', integer: true } };

/**
 * Every rule kind the dashboard offers, with what each takes (the contract of ARCHITECTURE.md,
 * Alerts). The form and the list are drawn from this table alone: a new kind is one entry here
 * and its labels in newsroom-alert-strings.ts. The server judges the values; a kind it does not
 * know yet (an older server) is refused there and said so at the kind.
 */
export const RULE_KINDS: readonly RuleKind[] = [
  { kind: 'border_within_km', parameters: [km] },
  { kind: 'crossing_within_km', parameters: [km] },
  { kind: 'crossed_border', parameters: [] },
  { kind: 'entered_state', parameters: [{ name: 'name', input: { type: 'text', hint: true }, optional: true }] },
  { kind: 'reached_place', parameters: [{ name: 'name', input: { type: 'text', hint: true } }] },
  { kind: 'off_route_km', parameters: [km] },
  { kind: 'day_km', parameters: [km] },
  { kind: 'silence_minutes', parameters: [minutes, { name: 'reporterId', input: { type: 'reporter' }, optional: true }] },
  { kind: 'phone_alive_no_fix', parameters: [minutes] },
  { kind: 'stopped_hours', parameters: [{ name: 'hours', input: { type: 'number', unit: 'hours', integer: false } }] },
  { kind: 'headcount_change_pct', parameters: [{ name: 'pct', input: { type: 'number', unit: 'pct', integer: false } }] },
];

/**
 * A kind's entry in the table; a kind the table lacks (a newer server's) gets one built from the
 * rule itself, so it is still listed, turned off and on, and deleted.
 * @example kindOf('day_km').parameters[0].name // 'km'
 */
export function kindOf(kind: string, rule?: ShownRule): RuleKind | undefined {
  const known = RULE_KINDS.find((entry) => entry.kind === kind);
  if (known || !rule) return known;
  const names = Object.keys(rule).filter((name) => !['id', 'kind', 'enabled'].includes(name));
  return { kind, parameters: names.map((name) => ({ name, input: { type: 'text', hint: false } })) };
}
