import { localeFor, type Lang } from '../i18n/i18n';

export { localeFor };

/** Formats instants in the viewer's own time zone, naming the zone (newsrooms span several). */
export function timeFormatter(lang: Lang): (ms: number) => string {
  const format = new Intl.DateTimeFormat(localeFor(lang), { dateStyle: 'medium', timeStyle: 'long' });
  return (ms) => format.format(new Date(ms));
}

/** "2024-01-05 13:20:00 UTC": the unambiguous form, for a hover title. */
export const utcText = (ms: number) => `${new Date(ms).toISOString().slice(0, 19).replace('T', ' ')} UTC`;
