import type { PublicPoint, PublicSnapshot } from '@rumbo/shared';
import type { Translate } from '../i18n/i18n';
import { el } from '../lib/dom';
import { isolated } from '../lib/isolate';
import { placeText } from '../lib/place-text';
import { crossingText, distanceToBorderText, minutesText, positionLineText, precisionText } from './embed-format';

/** An article has room for a few lines of notes, not the whole field log. */
const NOTES_SHOWN = 3;
const FIELDS = [
  'name',
  'distance',
  'place',
  'status',
  'crossing',
  'as-of',
  'safety',
  'notes',
  'notes-title',
  'note-list',
] as const;
type Field = (typeof FIELDS)[number];

function findFields(root: ParentNode): Record<Field, HTMLElement> {
  const found = {} as Record<Field, HTMLElement>;
  for (const name of FIELDS) {
    const element = root.querySelector<HTMLElement>(`[data-field="${name}"]`);
    if (!element) throw new Error(`embed.html has no [data-field="${name}"]`);
    found[name] = element;
  }
  return found;
}

/** Sets an element's text and hides it when there is none. Text only: names and notes are typed by people. */
function show(element: HTMLElement, text: string | null): void {
  element.textContent = text ?? '';
  element.hidden = !text;
}

/** A note's time, named with its zone and no finer than the minute: notes carry step times too. */
const noteTimeFormat = (locale: string) =>
  new Intl.DateTimeFormat(locale, { month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit', timeZoneName: 'short' });

function noteItem(note: PublicPoint, timeFormat: Intl.DateTimeFormat): HTMLLIElement {
  return el(
    'li',
    {},
    el('time', { datetime: note.recordedAt }, timeFormat.format(new Date(note.recordedAt))),
    ' ',
    isolated(note.note ?? ''),
  );
}

/**
 * The words around the map: name, straight-line distance to the border, where the public position
 * is (named no finer than the grid, by the server), nearest crossing, the time of the position and
 * that it is delayed on purpose, the safety statement, notes (folded: the map keeps the room). The
 * page's state (`loading`, `not-public`, `no-longer-public`, `empty`, `shown`) is on the root's
 * `data-state` for styling, tests and the benchmark, set once the words it names are in the page.
 */
export function createEmbedPanel(root: HTMLElement, t: Translate, locale: string) {
  const fields = findFields(root);
  const timeFormat = noteTimeFormat(locale);
  let current: PublicSnapshot | null = null;

  const renderPositionTime = () =>
    show(
      fields['as-of'],
      current?.latest ? positionLineText(t, current.latest.recordedAt, current.delayMinutes, Date.now(), locale) : null,
    );

  function renderNotes(notes: readonly PublicPoint[]): void {
    const newestFirst = notes
      .filter((note) => note.note)
      .slice(-NOTES_SHOWN)
      .reverse();
    fields['note-list'].replaceChildren(...newestFirst.map((note) => noteItem(note, timeFormat)));
    fields['notes-title'].textContent = t('notes', { n: newestFirst.length });
    fields.notes.hidden = newestFirst.length === 0;
  }

  return {
    loading(): void {
      root.dataset.state = 'loading';
      show(fields.status, t('loading'));
    },

    /** Nothing to show: never public, or no longer (archived while the page was open). */
    notPublic(state: 'not-public' | 'no-longer-public' = 'not-public'): void {
      current = null;
      root.dataset.state = state;
      for (const name of ['distance', 'place', 'crossing', 'as-of', 'safety'] as const) show(fields[name], null);
      renderNotes([]);
      show(fields.status, t(state));
    },

    snapshot(snapshot: PublicSnapshot): void {
      current = snapshot;
      const { metrics, latest } = snapshot;
      const delay = minutesText(t, snapshot.delayMinutes, locale);
      fields.name.textContent = snapshot.caravan.name;
      document.title = t('title', { name: snapshot.caravan.name });
      show(fields.status, latest ? null : t('empty', { delay }));
      const distanceKm = latest ? metrics.distanceToBorderKm : null;
      show(fields.distance, distanceKm === null ? null : distanceToBorderText(t, distanceKm, locale));
      show(fields.place, placeText(latest?.place, locale));
      show(fields.crossing, latest && metrics.nearestCrossing ? crossingText(t, metrics.nearestCrossing, locale) : null);
      show(fields.safety, t('safety', { delay, precision: precisionText(snapshot.precisionKm, locale) }));
      renderNotes(snapshot.notes);
      renderPositionTime();
      root.dataset.state = latest ? 'shown' : 'empty';
    },

    /** A position from today is said without its date: past midnight, it needs one. */
    renderPositionTime,
  };
}
export type EmbedPanel = ReturnType<typeof createEmbedPanel>;
