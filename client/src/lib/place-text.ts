import type { Place } from '@rumbo/shared';
import { describePlace } from '@rumbo/shared/places/describe';

/**
 * Where a fix was, in words of the page's locale: "near Arriaga, Chiapas, Mexico" / "cerca de
 * Arriaga, Chiapas, México" (describePlace); null for reports stored before places were named.
 * @example placeText(report.metrics.place, 'es-MX') // 'en Arriaga, Chiapas, México'
 */
export function placeText(place: Place | undefined, locale: string): string | null {
  return place ? describePlace(place, locale.startsWith('es') ? 'es' : 'en') : null;
}
