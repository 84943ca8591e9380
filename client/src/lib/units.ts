export type Units = 'km' | 'mi';

export const KM_PER_MILE = 1.609344;

/** One formatter per locale: building one costs far more than formatting with it (lists format hundreds). */
const oneDecimal = new Map<string, Intl.NumberFormat>();

/** A distance in the reader's units, one decimal, grouped by the page's locale. */
export function formatDistance(km: number | null, units: Units, locale: string): string {
  if (km === null) return '–';
  const value = units === 'mi' ? km / KM_PER_MILE : km;
  let format = oneDecimal.get(locale);
  if (!format)
    oneDecimal.set(locale, (format = new Intl.NumberFormat(locale, { minimumFractionDigits: 1, maximumFractionDigits: 1 })));
  return `${format.format(value)} ${units}`;
}
