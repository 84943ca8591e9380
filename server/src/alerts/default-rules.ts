import type { AlertRule } from '@rumbo/shared';

/**
 * What a desk wants of a new caravan until an editor says otherwise: the border 100 km and 10 km
 * away, the crossing itself, each new state entered, and an hour without any report. Fixed ids,
 * so the claims of a milestone stay put when an editor first saves the rules unchanged.
 */
export const DEFAULT_ALERT_RULES: readonly AlertRule[] = [
  { id: 'border-100', kind: 'border_within_km', km: 100, enabled: true },
  { id: 'border-10', kind: 'border_within_km', km: 10, enabled: true },
  { id: 'crossed-border', kind: 'crossed_border', enabled: true },
  { id: 'new-state', kind: 'entered_state', enabled: true },
  { id: 'silence-60', kind: 'silence_minutes', minutes: 60, enabled: true },
];
