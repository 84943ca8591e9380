import { FLAGS, SOURCES } from '@rumbo/shared';
import type { Translate } from '../i18n/i18n';
import { el, option } from '../lib/dom';
import { isolatedText } from '../lib/isolate';
import { DEFAULT_FILTER, type ReportFilter } from './reports-filter';

/** A labelled select of the list's filters. */
function filterSelect(label: string, name: keyof ReportFilter, options: HTMLOptionElement[]): HTMLLabelElement {
  return el('label', { class: 'filter' }, el('span', {}, label), el('select', { name, 'data-filter': name }, ...options));
}

/** The reports list's filters: reporter, source, flags, hidden or not. */
export function filterForm(t: Translate): {
  form: HTMLFormElement;
  read(): ReportFilter;
  setReporters(reporters: readonly { id: string; name: string }[], chosen: string): void;
} {
  const form = el(
    'form',
    { class: 'filters', 'aria-label': t('reports.filters') },
    filterSelect(t('reports.filter-reporter'), 'reporterId', [option('', t('reports.any-reporter'))]),
    filterSelect(t('reports.filter-source'), 'source', [
      option('', t('reports.any-source')),
      ...SOURCES.map((source) => option(source, t(`source.${source}`))),
    ]),
    filterSelect(t('reports.filter-flag'), 'flag', [
      option('', t('reports.any-flag')),
      option('flagged', t('reports.flagged')),
      option('unflagged', t('reports.unflagged')),
      ...FLAGS.map((flag) => option(flag, t(`flag.${flag}`))),
    ]),
    filterSelect(t('reports.filter-visibility'), 'visibility', [
      option('visible', t('reports.visible')),
      option('hidden', t('reports.hidden')),
      option('all', t('reports.all')),
    ]),
  );
  const reporter = form.querySelector<HTMLSelectElement>('[data-filter="reporterId"]')!;
  return {
    form,
    // Every select offers only values of its field's type, so the form reads back as a filter.
    read: () => ({ ...DEFAULT_FILTER, ...(Object.fromEntries(new FormData(form)) as unknown as ReportFilter) }),
    setReporters(reporters, chosen) {
      const options = [...reporters]
        .sort((a, b) => a.name.localeCompare(b.name))
        .map(({ id, name }) => option(id, isolatedText(name)));
      reporter.replaceChildren(option('', t('reports.any-reporter')), ...options);
      reporter.value = chosen;
    },
  };
}
