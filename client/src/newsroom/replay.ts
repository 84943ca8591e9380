import { effect, untracked } from '@preact/signals-core';
import { timeFormatter, utcText } from './format-time';
import { replayClock } from './replay-clock';
import type { NewsroomState } from './state';
import './replay.css';

/** The slider moves in whole seconds, and its end covers the last fix. */
const STEP_MS = 1_000;

function part<T extends HTMLElement>(root: HTMLElement, selector: string): T {
  const element = root.querySelector<T>(selector);
  if (!element) throw new Error(`replay bar: ${selector} is missing from the page`);
  return element;
}

/**
 * The replay bar: a time slider from the first fix to the last, play/pause at 1× to 1000×, and
 * Live. It only writes `state.replayAt`; the map and the panel redraw from the view it derives.
 */
export function mountReplay(root: HTMLElement, state: NewsroomState): void {
  const { t } = state;
  const play = part<HTMLButtonElement>(root, '[data-action="replay-play"]');
  const live = part<HTMLButtonElement>(root, '[data-action="replay-live"]');
  const speed = part<HTMLSelectElement>(root, '[data-field="replay-speed"]');
  const slider = part<HTMLInputElement>(root, '[data-field="replay-slider"]');
  const moment = part<HTMLOutputElement>(root, '[data-field="replay-time"]');
  const formatTime = timeFormatter(state.lang);

  /** The first and last fix times, slider-aligned; null when there is nothing to replay. */
  const range = () => {
    const reports = state.reports.value;
    const first = reports[0];
    const last = reports.at(-1);
    if (!first || !last) return null;
    const start = Date.parse(first.recordedAt);
    return { start, end: start + Math.ceil((Date.parse(last.recordedAt) - start) / STEP_MS) * STEP_MS };
  };
  const showPlaying = (playing: boolean) => {
    const label = t(playing ? 'replay.pause' : 'replay.play');
    play.textContent = playing ? '❚❚' : '▶';
    play.title = label;
    play.setAttribute('aria-label', label);
    play.setAttribute('aria-pressed', String(playing));
  };
  const clock = replayClock({
    position: () => {
      const { start, end } = range() ?? { start: 0, end: 0 };
      return { at: state.replayAt.value ?? start, end };
    },
    seek: (at) => (state.replayAt.value = at),
    playing: showPlaying,
  });
  showPlaying(false);
  clock.setSpeed(Number(speed.value));

  speed.addEventListener('change', () => clock.setSpeed(Number(speed.value)));
  slider.addEventListener('input', () => (state.replayAt.value = Number(slider.value)));
  live.addEventListener('click', () => {
    clock.stop();
    state.replayAt.value = null;
  });
  play.addEventListener('click', () => {
    if (clock.isPlaying()) return clock.stop();
    const bounds = range();
    if (!bounds) return;
    // From live or from the very end there is nothing ahead: start over from the first fix.
    const at = state.replayAt.value;
    if (at === null || at >= bounds.end) state.replayAt.value = bounds.start;
    clock.play();
  });

  // Another caravan has another timeline: switching returns to live.
  effect(() => {
    void state.caravanId.value;
    untracked(() => {
      clock.stop();
      state.replayAt.value = null;
    });
  });

  effect(() => {
    const bounds = range();
    const at = state.replayAt.value;
    root.hidden = bounds === null;
    if (!bounds) return;
    slider.min = String(bounds.start);
    slider.max = String(bounds.end);
    slider.step = String(STEP_MS);
    slider.disabled = bounds.end === bounds.start;
    slider.value = String(at ?? bounds.end);
    root.dataset.mode = at === null ? 'live' : 'replay';
    live.setAttribute('aria-pressed', String(at === null));
    // Live, the bar names the newest fix; in replay, the moment shown.
    const shownAt = at ?? Date.parse(state.reports.value.at(-1)!.recordedAt);
    moment.textContent = at === null ? t('replay.latest-fix', { time: formatTime(shownAt) }) : formatTime(shownAt);
    moment.title = utcText(shownAt);
  });
}
