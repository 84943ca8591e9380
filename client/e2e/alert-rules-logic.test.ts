import { ALERT_RULE_KINDS } from '@rumbo/shared';
import { describe, expect, it } from 'vitest';
import { translator } from '../src/i18n/i18n';
import { NEWSROOM_STRINGS } from '../src/i18n/newsroom-strings';
import { RULE_KINDS } from '../src/newsroom/alert-rules/rule-kinds';
import { ruleText } from '../src/newsroom/alert-rules/rule-text';

/** The alert rules form's kind table without a browser: every kind offered is named, in both languages. */

const t = { en: translator(NEWSROOM_STRINGS, 'en'), es: translator(NEWSROOM_STRINGS, 'es') };
const names: Record<string, string> = { 'rep-ana': 'Ana' };
const reporterName = (id: string) => names[id] ?? id;

describe('the kind table of the alert rules form', () => {
  it('offers every kind the server knows', () => {
    const offered = RULE_KINDS.map((entry) => entry.kind);
    for (const kind of ALERT_RULE_KINDS) expect(offered).toContain(kind);
  });

  it('has a label for every kind and parameter, in English and Spanish (a missing one would show its key)', () => {
    for (const lang of ['en', 'es'] as const) {
      const strings = NEWSROOM_STRINGS[lang];
      for (const { kind, parameters } of RULE_KINDS) {
        expect(strings[`rules.kind.${kind}`], `${lang} rules.kind.${kind}`).toBeTruthy();
        for (const parameter of parameters) {
          expect(strings[`rules.param.${kind}.${parameter.name}`], `${lang} ${kind}.${parameter.name}`).toBeTruthy();
          if (parameter.input.type === 'text' && parameter.input.hint)
            expect(strings[`rules.param.${kind}.${parameter.name}-hint`], `${lang} ${kind}.${parameter.name}-hint`).toBeTruthy();
        }
      }
    }
  });

  it.each([
    [
      { id: 'b', kind: 'border_within_km', km: 100, enabled: true },
      'Near the US border · 100 km',
      'Cerca de la frontera con EE. UU. · 100 km',
    ],
    [
      { id: 's', kind: 'silence_minutes', minutes: 90, reporterId: 'rep-ana', enabled: true },
      'No report for a while · 90 min · Ana',
      'Sin reportes por un tiempo · 90 min · Ana',
    ],
    [{ id: 'e', kind: 'entered_state', enabled: false }, 'Entered a Mexican state', 'Entró a un estado de México'],
    [
      { id: 'h', kind: 'headcount_change_pct', pct: 12.5, enabled: true },
      'Headcount changed · 12.5 %',
      'Cambió el número de personas · 12.5 %',
    ],
  ])('says %j in one line', (rule, english, spanish) => {
    expect(ruleText(t.en, rule, reporterName)).toBe(english);
    expect(ruleText(t.es, rule, reporterName)).toBe(spanish);
  });

  it('names a kind it does not know by its id, with its parameters as they came', () => {
    expect(ruleText(t.en, { id: 'x', kind: 'geofence_exit', zone: 'north', enabled: true }, reporterName)).toBe(
      'Rule kind geofence_exit (not known to this dashboard) · north',
    );
  });
});
