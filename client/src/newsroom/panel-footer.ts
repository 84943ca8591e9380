import { effect } from '@preact/signals-core';
import { el } from '../lib/dom';
import type { Units } from '../lib/units';
import type { NewsroomState } from './state';

const UNITS_KEY = 'rumbo.units';

/** km / mi, remembered in this browser. */
function unitsToggle(state: NewsroomState): HTMLElement {
  const buttons = (['km', 'mi'] as const satisfies readonly Units[]).map((units) => {
    const button = el('button', { type: 'button', 'data-units': units, title: state.t(`units.${units}`) }, units);
    button.addEventListener('click', () => {
      state.units.value = units;
      localStorage.setItem(UNITS_KEY, units);
    });
    return button;
  });
  effect(() => {
    for (const button of buttons) button.setAttribute('aria-pressed', String(button.dataset.units === state.units.value));
  });
  return el('div', { class: 'units', role: 'group', 'aria-label': state.t('units.label') }, ...buttons);
}

/** A link to the same dashboard (same caravan) in the other language. */
function languageLink(state: NewsroomState): HTMLAnchorElement {
  const other = state.lang === 'es' ? 'en' : 'es';
  const link = el(
    'a',
    { class: 'link', hreflang: other, lang: other, 'data-field': 'lang-link' },
    other === 'es' ? 'Español' : 'English',
  );
  effect(() => {
    const url = new URL(location.href);
    url.searchParams.set('lang', other);
    if (state.caravanId.value) url.searchParams.set('caravan', state.caravanId.value);
    link.href = url.pathname + url.search;
  });
  return link;
}

/** The panel's settings bar: units, language, and (already in the page) sign out. */
export function mountPanelFooter(bar: HTMLElement, state: NewsroomState): void {
  bar.prepend(unitsToggle(state), languageLink(state));
}
