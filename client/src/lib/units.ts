export type Units = 'km' | 'mi';

export const KM_PER_MILE = 1.609344;

/** One formatter per locale and precision: building one costs far more than formatting with it (lists format hundreds). */
const formats = new Map<string, Intl.NumberFormat>();

/**
 * A distance in the reader's units, grouped by the page's locale: one decimal by default, whole
 * units where the figure is an estimate.
 * @example formatDistance(1906.04, 'km', 'es-MX', 0) // '1,906 km'
 */
export function formatDistance(km: number | null, units: Units, locale: string, fractionDigits = 1): string {
  if (km === null) return '–';
  const value = units === 'mi' ? km / KM_PER_MILE : km;
  const key = `${locale}/${fractionDigits}`;
  let format = formats.get(key);
  if (!format)
    formats.set(
      key,
      (format = new Intl.NumberFormat(locale, { minimumFractionDigits: fractionDigits, maximumFractionDigits: fractionDigits })),
    );
  return `${format.format(value)} ${units}`;
}
