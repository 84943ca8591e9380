import type { PlaceLanguage } from '@rumbo/shared/places/describe';

/** The social card's size (Open Graph's and X's large image: 1.91:1). */
export const CARD_WIDTH = 1200;
export const CARD_HEIGHT = 630;

/** The static map of a caravan at a size (the image route bounds it), absolute on `origin`. */
export const mapImageUrl = (origin: string, caravanId: string, lang: PlaceLanguage, width = CARD_WIDTH, height = CARD_HEIGHT) =>
  `${origin}/api/v1/public/caravans/${caravanId}/map.png?w=${width}&h=${height}&lang=${lang}`;

/** The addresses of a caravan's public things, absolute on `origin`. Ids are slugs: nothing to encode. */
export const shareLinks = (origin: string, caravanId: string, lang: PlaceLanguage) => {
  const langQuery = lang === 'en' ? '' : `?lang=${lang}`;
  return {
    page: `${origin}/c/${caravanId}${langQuery}`,
    embed: `${origin}/embed/${caravanId}${langQuery}`,
    card: mapImageUrl(origin, caravanId, lang),
  };
};

/** The oEmbed discovery address for a public page (`url` is that page's own address). */
export const oembedLink = (origin: string, url: string) => `${origin}/oembed?url=${encodeURIComponent(url)}&format=json`;
