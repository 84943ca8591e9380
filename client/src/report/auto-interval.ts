/** The intervals a reporter can choose for automatic mode, in minutes. */
export const AUTO_MINUTES = [2, 5, 15] as const;
export type AutoMinutes = (typeof AUTO_MINUTES)[number];

const MINUTES_KEY = 'rumbo.report.auto-minutes';
const DEFAULT_MINUTES: AutoMinutes = 5;
const LONGEST_OVERRIDE_S = 3_600;

/** The interval last chosen on this device. */
export function storedAutoMinutes(): AutoMinutes {
  const stored = Number(localStorage.getItem(MINUTES_KEY));
  return AUTO_MINUTES.find((minutes) => minutes === stored) ?? DEFAULT_MINUTES;
}

export function saveAutoMinutes(minutes: AutoMinutes): void {
  localStorage.setItem(MINUTES_KEY, String(minutes));
}

/**
 * Hidden override for tests and demos: `/report?autoIntervalSeconds=3` reports every 3 s instead of
 * the chosen minutes (whole seconds, 1 to 3600; anything else is ignored). Not shown in the UI.
 * @example autoIntervalOverrideMs('?autoIntervalSeconds=3') // 3000
 */
export function autoIntervalOverrideMs(search = location.search): number | null {
  const raw = new URLSearchParams(search).get('autoIntervalSeconds');
  const seconds = Number(raw);
  return raw !== null && Number.isInteger(seconds) && seconds >= 1 && seconds <= LONGEST_OVERRIDE_S ? seconds * 1_000 : null;
}
