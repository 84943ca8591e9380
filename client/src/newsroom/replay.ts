import { effect, untracked } from '@preact/signals-core';
import { localeFor, timeFormatter, utcText } from './format-time';
import { replayClock } from './replay-clock';
import { localOffsetMs, replaySteps, stepFrom } from './replay-steps';
import type { NewsroomState } from './state';
import './replay.css';

/** What a screen reader says for the slider: the day and minute shown, in the viewer's zone ("December 5 at 8:40 AM CST"). */
function sliderTimeFormatter(lang: NewsroomState['lang']): (ms: number) => string {
  const format = new Intl.DateTimeFormat(localeFor(lang), {
    month: 'long',
    day: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
    timeZoneName: 'short',
  });
  return (ms) => format.format(new Date(ms));
}

/**
 * Where a key sends the slider from `at`: arrows by a step scaled to the track, PageUp and PageDown
 * by a larger one, Home and End to the first and last fix; null for any other key.
 */
function keyedMoment(key: string, at: number, bounds: { start: number; end: number }): number | null {
  const { arrowMs, pageMs } = replaySteps(bounds.end - bounds.start);
  const step = (direction: 1 | -1, stepMs: number) => stepFrom(at, direction, stepMs, bounds, localOffsetMs(at));
  switch (key) {
    case 'ArrowRight':
    case 'ArrowUp':
      return step(1, arrowMs);
    case 'ArrowLeft':
    case 'ArrowDown':
      return step(-1, arrowMs);
    case 'PageUp':
      return step(1, pageMs);
    case 'PageDown':
      return step(-1, pageMs);
    case 'Home':
      return bounds.start;
    case 'End':
      return bounds.end;
    default:
      return null;
  }
}

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
  const sliderTime = sliderTimeFormatter(state.lang);

  /** The first and last fix times; null when there is nothing to replay. */
  const range = () => {
    const reports = state.reports.value;
    const first = reports[0];
    const last = reports.at(-1);
    if (!first || !last) return null;
    return { start: Date.parse(first.recordedAt), end: Date.parse(last.recordedAt) };
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
  // The browser's own keys move one second at a time over days: these move by what can be seen.
  slider.addEventListener('keydown', (event) => {
    const bounds = range();
    if (!bounds || event.altKey || event.ctrlKey || event.metaKey) return;
    const next = keyedMoment(event.key, state.replayAt.value ?? bounds.end, bounds);
    if (next === null) return;
    event.preventDefault();
    state.replayAt.value = next;
  });
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
    // Dragged, any moment (its ends are the first and last fix exactly); keys move by round steps (keyedMoment).
    slider.step = 'any';
    slider.disabled = bounds.end === bounds.start;
    slider.value = String(at ?? bounds.end);
    root.dataset.mode = at === null ? 'live' : 'replay';
    live.setAttribute('aria-pressed', String(at === null));
    // Live, the bar names the newest fix; in replay, the moment shown.
    const shownAt = at ?? Date.parse(state.reports.value.at(-1)!.recordedAt);
    moment.textContent = at === null ? t('replay.latest-fix', { time: formatTime(shownAt) }) : formatTime(shownAt);
    moment.title = utcText(shownAt);
    // Read out as a date and time, not as the milliseconds the slider counts in.
    slider.setAttribute(
      'aria-valuetext',
      at === null ? t('replay.latest-fix', { time: sliderTime(shownAt) }) : sliderTime(shownAt),
    );
  });
}
