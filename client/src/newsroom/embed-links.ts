import type { Lang } from '../i18n/i18n';

export type EmbedTheme = 'light' | 'dark';

/** The static map images a newsroom can link to, each for where a story goes. */
export const MAP_IMAGES = [
  { kind: 'social', file: 'map.png', size: '?w=1200&h=630' },
  { kind: 'newsletter', file: 'map.png', size: '?w=600' },
  { kind: 'svg', file: 'map.svg', size: '?' },
] as const;

export type MapImage = (typeof MAP_IMAGES)[number];

/**
 * The public embed page, in a language; the theme only when dark (light is the embed's default).
 * @example embedPath('enero-2024', 'es', 'dark') // '/embed/enero-2024?lang=es&theme=dark'
 */
export const embedPath = (caravanId: string, lang: Lang, theme: EmbedTheme) =>
  `/embed/${encodeURIComponent(caravanId)}?lang=${lang}${theme === 'dark' ? '&theme=dark' : ''}`;

const publicCaravanPath = (caravanId: string) => `/api/v1/public/caravans/${encodeURIComponent(caravanId)}`;

/**
 * A static map image of the public (delayed, coarsened) projection, in a language and theme.
 * A path: the dashboard's preview loads it from this server; the link to copy prefixes the public origin.
 * @example mapImagePath('enero-2024', MAP_IMAGES[0], 'es', 'dark')
 * // '/api/v1/public/caravans/enero-2024/map.png?w=1200&h=630&lang=es&theme=dark'
 */
export function mapImagePath(caravanId: string, image: MapImage, lang: Lang, theme: EmbedTheme): string {
  const separator = image.size === '?' ? '' : '&';
  return `${publicCaravanPath(caravanId)}/${image.file}${image.size}${separator}lang=${lang}&theme=${theme}`;
}

/**
 * The one-sentence summary for live blogs (text/plain).
 * @example summaryPath('enero-2024', 'en') // '/api/v1/public/caravans/enero-2024/summary.txt?lang=en'
 */
export const summaryPath = (caravanId: string, lang: Lang) => `${publicCaravanPath(caravanId)}/summary.txt?lang=${lang}`;

/**
 * The shareable public page, whose link shows the map card in social networks and chats. The page
 * is in English unless asked: `?lang=es` only for Spanish, so the English link stays the bare one.
 * @example publicPagePath('enero-2024', 'es') // '/c/enero-2024?lang=es'
 */
export const publicPagePath = (caravanId: string, lang: Lang) =>
  `/c/${encodeURIComponent(caravanId)}${lang === 'es' ? '?lang=es' : ''}`;
