import type { PublicSnapshot } from '@rumbo/shared';
import type { PlaceLanguage } from '@rumbo/shared/places/describe';
import { xmlText } from '../exports/xml-text';
import { CARD_HEIGHT, CARD_WIDTH, shareLinks } from './share-links';
import { SHARE_WORDS, headline, safetyStatement } from './share-words';
import { socialCard, socialTags } from './social-tags';

/** Where the page finds what it needs besides the snapshot. */
export interface SharePageContext {
  /** The public origin, for the absolute addresses of the card. */
  origin: string;
  lang: PlaceLanguage;
  /** The page's stylesheet (content-hashed address). */
  stylesheet: string;
}

const head = (lang: PlaceLanguage, title: string, stylesheet: string, extra: string) => `<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${xmlText(title)}</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="${stylesheet}">
${extra}
</head>`;

/**
 * The shareable public page of a caravan (`/c/:caravanId`), whole: the static map, the headline,
 * the sentence, the delay statement and a link to the live map, with the social card and oEmbed
 * discovery in its head. Made of the public snapshot alone; no script (nothing runs, so the CSP
 * needs nothing more). Pure.
 */
export function sharePage(snapshot: PublicSnapshot, { origin, lang, stylesheet }: SharePageContext): string {
  const links = shareLinks(origin, snapshot.caravan.id, lang);
  const card = socialCard(snapshot, origin, links.page, lang);
  const words = SHARE_WORDS[lang];
  const sentence = xmlText(snapshot.summary[lang]);
  const image = new URL(links.card);
  return `${head(
    lang,
    words.title(snapshot.caravan.name),
    stylesheet,
    `<meta name="description" content="${sentence}">\n<link rel="canonical" href="${xmlText(links.page)}">\n${socialTags(card)}`,
  )}
<body>
<main class="share">
<h1 class="share__name" dir="auto">${xmlText(snapshot.caravan.name)}</h1>
<p class="share__headline">${xmlText(headline(snapshot, lang))}</p>
<picture>
<source media="(prefers-color-scheme: dark)" srcset="${xmlText(`${image.pathname}${image.search}&theme=dark`)}">
<img class="share__map" src="${xmlText(image.pathname + image.search)}" width="${CARD_WIDTH}" height="${CARD_HEIGHT}" alt="${sentence}">
</picture>
<p class="share__sentence">${sentence}</p>
<p class="share__safety">${xmlText(safetyStatement(snapshot, lang))}</p>
<p><a class="share__live" href="${xmlText(new URL(links.embed).pathname + new URL(links.embed).search)}">${words.live}</a></p>
</main>
<footer class="share__foot">Rumbo</footer>
</body>
</html>
`;
}

/** The page for an address that names no public caravan (unknown, or archived). */
export function shareNotFoundPage(lang: PlaceLanguage, stylesheet: string): string {
  const words = SHARE_WORDS[lang];
  return `${head(lang, `${words.notFound} · Rumbo`, stylesheet, '<meta name="robots" content="noindex">')}
<body>
<main class="share">
<h1 class="share__name">${words.notFound}</h1>
<p class="share__sentence">${words.notFoundText}</p>
</main>
<footer class="share__foot">Rumbo</footer>
</body>
</html>
`;
}
