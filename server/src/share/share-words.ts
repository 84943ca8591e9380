import type { PublicSnapshot } from '@rumbo/shared';
import type { PlaceLanguage } from '@rumbo/shared/places/describe';
import { delayWords, precisionWords, sentenceKm } from '../public/public-sentence';

const LOCALES: Record<PlaceLanguage, string> = { en: 'en-US', es: 'es-MX' };

/** The words of the share page and the social cards, beside the sentence (which the projection writes). */
export const SHARE_WORDS = {
  en: {
    title: (name: string) => `${name} · Rumbo`,
    headline: (km: string) => `About ${km} km to the US border in a straight line`,
    noPosition: 'No position is public yet',
    safety: (delay: string, precision: string) =>
      `Positions are delayed by ${delay} and approximate to ${precision} km to protect the people in the caravan.`,
    live: 'Open the live map',
    notFound: 'This caravan is not public',
    notFoundText: 'There is no public caravan at this address.',
    ogLocale: 'en_US',
  },
  es: {
    title: (name: string) => `${name} · Rumbo`,
    headline: (km: string) => `A unos ${km} km de la frontera con Estados Unidos en línea recta`,
    noPosition: 'Todavía no hay ninguna posición pública',
    safety: (delay: string, precision: string) =>
      `Las posiciones se muestran con ${delay} de retraso y una aproximación de ${precision} km para proteger a las personas de la caravana.`,
    live: 'Abrir el mapa en vivo',
    notFound: 'Esta caravana no es pública',
    notFoundText: 'No hay ninguna caravana pública en esta dirección.',
    ogLocale: 'es_MX',
  },
} as const;

/** "About 1,130 km to the US border in a straight line", rounded as the sentence rounds it. */
export function headline({ metrics, precisionKm }: Pick<PublicSnapshot, 'metrics' | 'precisionKm'>, lang: PlaceLanguage): string {
  if (metrics.distanceToBorderKm === null) return SHARE_WORDS[lang].noPosition;
  const km = new Intl.NumberFormat(LOCALES[lang]).format(sentenceKm(metrics.distanceToBorderKm, precisionKm));
  return SHARE_WORDS[lang].headline(km);
}

/** The plain statement of delay and precision that every public page carries. */
export function safetyStatement(
  { delayMinutes, precisionKm }: Pick<PublicSnapshot, 'delayMinutes' | 'precisionKm'>,
  lang: PlaceLanguage,
) {
  return SHARE_WORDS[lang].safety(delayWords(delayMinutes, lang), precisionWords(precisionKm, lang));
}
