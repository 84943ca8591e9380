export type Units = 'km' | 'mi';

export const KM_PER_MILE = 1.609344;

/** A distance in the reader's units, one decimal, grouped by the page's locale. */
export function formatDistance(km: number | null, units: Units, locale: string): string {
  if (km === null) return '–';
  const value = units === 'mi' ? km / KM_PER_MILE : km;
  return `${new Intl.NumberFormat(locale, { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(value)} ${units}`;
}
