import { effect, untracked } from '@preact/signals-core';
import { el } from '../lib/dom';
import { localeFor } from './format-time';
import { distanceAnnouncement, headlineDistance, type HeadlineDistance } from './panel-format';
import type { NewsroomState } from './state';
import './distance-announcer.css';

/** At most one announcement a minute: a burst of reports is said once, where it ended. */
export const ANNOUNCE_AT_MOST_EVERY_MS = 60_000;

/**
 * The panel's live region: says, politely, when the caravan's distance (what the headline leads
 * with) moves a whole km or mile: "1,129 km to the border, 3 km closer". Live figures only (a replay
 * is not news), measured from what it last said, so small moves add up. Opening or switching a
 * caravan sets where it starts from, silently.
 */
export function mountDistanceAnnouncer(root: HTMLElement, state: NewsroomState): void {
  const region = el('p', { class: 'distance-announcer', 'aria-live': 'polite', 'data-field': 'distance-announcement' });
  root.append(region);
  let said: { caravanId: string; distance: HeadlineDistance } | null = null;
  let saidAt = -Infinity;
  let waiting: ReturnType<typeof setTimeout> | undefined;

  const announce = () => {
    waiting = undefined;
    const summary = state.summary.value;
    const distance = headlineDistance(summary);
    if (!summary || !distance) return;
    if (said?.caravanId !== summary.caravan.id) {
      said = { caravanId: summary.caravan.id, distance };
      return;
    }
    const text = distanceAnnouncement(said.distance, distance, state.units.value, localeFor(state.lang), state.t);
    if (text === null) return;
    const wait = saidAt + ANNOUNCE_AT_MOST_EVERY_MS - performance.now();
    if (wait > 0) {
      // Said once the minute is up, from the figures of that moment.
      waiting ??= setTimeout(announce, wait);
      return;
    }
    region.textContent = text;
    said.distance = distance;
    saidAt = performance.now();
  };
  effect(() => {
    void state.summary.value;
    untracked(announce);
  });
}
