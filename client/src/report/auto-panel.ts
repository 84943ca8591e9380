import { effect, signal, type Signal } from '@preact/signals-core';
import type { Translate } from '../i18n/i18n';
import { AUTO_MINUTES, autoIntervalOverrideMs, saveAutoMinutes, storedAutoMinutes, type AutoMinutes } from './auto-interval';
import type { AutoMode } from './auto-mode';
import { required } from './element';
import type { Format } from './format';
import type { createWakeLock } from './wake-lock';

/** The automatic mode controls: on/off, every 2, 5 or 15 minutes, when the next report goes, whether the screen stays on. */
export function mountAutoPanel(
  root: HTMLElement,
  {
    t,
    format,
    auto,
    wakeLock,
    problem,
  }: { t: Translate; format: Format; auto: AutoMode; wakeLock: ReturnType<typeof createWakeLock>; problem: Signal<string> },
) {
  const toggle = required<HTMLInputElement>(root, '[data-field="auto-on"]');
  const minutes = required<HTMLSelectElement>(root, '[data-field="auto-minutes"]');
  const next = required(root, '[data-field="auto-next"]');
  const awake = required(root, '[data-field="auto-awake"]');
  const override = autoIntervalOverrideMs();
  const now = signal(Date.now());
  let ticker: ReturnType<typeof setInterval> | undefined;

  const chosen = storedAutoMinutes();
  minutes.replaceChildren(...AUTO_MINUTES.map((n) => new Option(t('auto.minutes', { n }), String(n), false, n === chosen)));
  const intervalMs = () => override ?? Number(minutes.value) * 60_000;

  toggle.addEventListener('change', () => {
    if (toggle.checked) {
      problem.value = '';
      wakeLock.hold();
      auto.start(intervalMs());
      ticker = setInterval(() => (now.value = Date.now()), 1_000);
    } else {
      auto.stop();
      wakeLock.release();
      clearInterval(ticker);
    }
  });
  minutes.addEventListener('change', () => {
    saveAutoMinutes(Number(minutes.value) as AutoMinutes);
    auto.changeInterval(intervalMs());
  });

  effect(() => {
    const state = auto.state.value;
    const failure = problem.value;
    if (!state.on) next.textContent = t('auto.off');
    else {
      const when = t('auto.next', { time: format.clock(state.nextAt), left: format.countdown(state.nextAt - now.value) });
      next.textContent = failure ? `${when} ${t('auto.last-problem', { reason: failure })}` : when;
    }
    next.dataset.nextAt = state.on ? String(state.nextAt) : '';
  });
  effect(() => {
    const wake = wakeLock.state.value;
    awake.textContent = wake === 'held' ? t('auto.awake') : wake === 'unavailable' ? t('auto.not-awake') : '';
  });

  return {
    /** Signing out stops automatic mode: nobody to send for. */
    stop(): void {
      if (!toggle.checked) return;
      toggle.checked = false;
      toggle.dispatchEvent(new Event('change'));
    },
  };
}
