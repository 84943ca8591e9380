import type { PublicSnapshot } from '@rumbo/shared';
import type { PlaceLanguage } from '@rumbo/shared/places/describe';
import { xmlText } from '../exports/xml-text';
import { CARD_HEIGHT, CARD_WIDTH, oembedLink, shareLinks } from './share-links';
import { headline, SHARE_WORDS } from './share-words';

/** What a public page says of itself to the sites its address is pasted into. */
export interface SocialCard {
  /** The page's own address (og:url, and the url its oEmbed discovery link names). */
  url: string;
  title: string;
  description: string;
  image: string;
  imageAlt: string;
  oembed: string;
  lang: PlaceLanguage;
}

/**
 * A public page's card, from the public snapshot alone: its title is the caravan's name and the
 * distance headline, its description and image text the snapshot's sentence, its image the static map.
 */
export function socialCard(snapshot: PublicSnapshot, origin: string, url: string, lang: PlaceLanguage): SocialCard {
  const sentence = snapshot.summary[lang];
  return {
    url,
    title: `${snapshot.caravan.name}: ${headline(snapshot, lang)}`,
    description: sentence,
    image: shareLinks(origin, snapshot.caravan.id, lang).card,
    imageAlt: sentence,
    oembed: oembedLink(origin, url),
    lang,
  };
}

const meta = (attribute: 'property' | 'name', key: string, value: string | number) =>
  `<meta ${attribute}="${key}" content="${xmlText(String(value))}">`;

/**
 * The card as HTML head tags: Open Graph (Facebook, LinkedIn, WhatsApp, Slack, Signal…), X's
 * large-image card, and oEmbed discovery. Every value escaped: a caravan's name is user input.
 */
export function socialTags(card: SocialCard): string {
  return [
    meta('property', 'og:type', 'website'),
    meta('property', 'og:site_name', 'Rumbo'),
    meta('property', 'og:locale', SHARE_WORDS[card.lang].ogLocale),
    meta('property', 'og:url', card.url),
    meta('property', 'og:title', card.title),
    meta('property', 'og:description', card.description),
    meta('property', 'og:image', card.image),
    meta('property', 'og:image:type', 'image/png'),
    meta('property', 'og:image:width', CARD_WIDTH),
    meta('property', 'og:image:height', CARD_HEIGHT),
    meta('property', 'og:image:alt', card.imageAlt),
    meta('name', 'twitter:card', 'summary_large_image'),
    meta('name', 'twitter:title', card.title),
    meta('name', 'twitter:description', card.description),
    meta('name', 'twitter:image', card.image),
    meta('name', 'twitter:image:alt', card.imageAlt),
    `<link rel="alternate" type="application/json+oembed" href="${xmlText(card.oembed)}" title="${xmlText(card.title)}">`,
  ].join('\n');
}
