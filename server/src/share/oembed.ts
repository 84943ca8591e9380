import { MAP_IMAGE_MIN_PX, type PublicSnapshot } from '@rumbo/shared';
import { xmlText } from '../exports/xml-text';
import { CARD_HEIGHT, CARD_WIDTH, mapImageUrl, shareLinks } from './share-links';

/** The embed's size when the consumer sets no bounds: the README's iframe, 4:3. */
export const EMBED_WIDTH = 640;
export const EMBED_HEIGHT = 480;
/**
 * How long a consumer may keep the answer (oEmbed `cache_age`, seconds). The answer holds no
 * position, only the iframe, the name and the image's address: the iframe and the image update
 * themselves, so a day is safe; a renamed caravan shows its new name within it.
 */
export const OEMBED_CACHE_AGE_SECONDS = 86_400;

/** oEmbed 1.0, type rich (https://oembed.com, sections 2.3.4 and 2.3.4.4). */
export interface OembedRich {
  version: '1.0';
  type: 'rich';
  title: string;
  provider_name: 'Rumbo';
  provider_url: string;
  cache_age: number;
  thumbnail_url?: string;
  thumbnail_width?: number;
  thumbnail_height?: number;
  html: string;
  width: number;
  height: number;
}

/**
 * The embed's size inside the consumer's bounds, keeping 4:3 (the embed fits any frame, but a map
 * squeezed to a strip helps nobody). Never larger than asked: the spec's one rule for `html`.
 * @example embedSize({ maxwidth: 320 }) // { width: 320, height: 240 }
 */
export function embedSize({ maxwidth, maxheight }: { maxwidth?: number; maxheight?: number }) {
  const width = Math.min(EMBED_WIDTH, maxwidth ?? Infinity, Math.floor(((maxheight ?? Infinity) * EMBED_WIDTH) / EMBED_HEIGHT));
  return {
    width: Math.max(1, width),
    height: Math.max(1, Math.min(maxheight ?? Infinity, Math.round((width * EMBED_HEIGHT) / EMBED_WIDTH))),
  };
}

/**
 * The static map as a thumbnail inside the consumer's bounds (the spec: a thumbnail respects
 * maxwidth and maxheight too), at the social card's shape; null when that would be too small to read.
 */
export function thumbnailSize({ maxwidth, maxheight }: { maxwidth?: number; maxheight?: number }) {
  const width = Math.min(CARD_WIDTH, maxwidth ?? Infinity, Math.floor(((maxheight ?? Infinity) * CARD_WIDTH) / CARD_HEIGHT));
  const height = Math.min(maxheight ?? Infinity, Math.round((width * CARD_HEIGHT) / CARD_WIDTH));
  // Smaller than the image route draws (the fields are optional): no thumbnail.
  return Math.min(width, height) < MAP_IMAGE_MIN_PX ? null : { width, height };
}

/** Which caravan a URL given to /oembed names: a share page or an embed on this origin; null for any other. */
export function oembedTarget(url: string, origin: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.origin !== origin) return null;
  return /^\/(?:c|embed)\/([a-z0-9-]{1,64})\/?$/.exec(parsed.pathname)?.[1] ?? null;
}

/** The language a URL given to /oembed asks for (its `?lang=`), English otherwise. */
export const oembedLanguage = (url: string) => (new URL(url).searchParams.get('lang') === 'es' ? 'es' : 'en');

/**
 * The oEmbed answer for a public caravan: the iframe of its embed at the size allowed, its static
 * map as the thumbnail. Made of the snapshot's name and id only. Pure.
 */
export function oembedAnswer(
  snapshot: Pick<PublicSnapshot, 'caravan'>,
  { origin, lang, maxwidth, maxheight }: { origin: string; lang: 'en' | 'es'; maxwidth?: number; maxheight?: number },
): OembedRich {
  const { width, height } = embedSize({ maxwidth, maxheight });
  const links = shareLinks(origin, snapshot.caravan.id, lang);
  const title = snapshot.caravan.name;
  const thumbnail = thumbnailSize({ maxwidth, maxheight });
  return {
    version: '1.0',
    type: 'rich',
    title,
    provider_name: 'Rumbo',
    provider_url: `${origin}/`,
    cache_age: OEMBED_CACHE_AGE_SECONDS,
    ...(thumbnail && {
      thumbnail_url: mapImageUrl(origin, snapshot.caravan.id, lang, thumbnail.width, thumbnail.height),
      thumbnail_width: thumbnail.width,
      thumbnail_height: thumbnail.height,
    }),
    html: `<iframe src="${xmlText(links.embed)}" title="${xmlText(title)}" width="${width}" height="${height}" style="border:0" loading="lazy"></iframe>`,
    width,
    height,
  };
}
