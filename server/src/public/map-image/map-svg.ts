import type { LngLat, PublicSnapshot } from '@rumbo/shared';
import { BORDER_COORDINATES, BORDER_CROSSINGS } from '@rumbo/shared/geo';
import { publicPlaceAt } from '@rumbo/shared/places';
import { geoConicConformal, geoPath, type GeoProjection } from 'd3-geo';
import { BASEMAP } from './map-basemap';
import { layoutCard, type Box, type Paragraph, type PlacedLine } from './map-layout';
import { MAP_COLORS, type MapColors, type MapTheme } from './map-theme';
import { asOfText, distanceHeadline, safetyStatement, wordsIn, type MapLang } from './map-words';
import { escapeXml, px } from './svg-markup';

export interface MapImageOptions {
  width: number;
  height: number;
  lang: MapLang;
  theme: MapTheme;
}

const FONT_FAMILY = 'DejaVu Sans';
const KM_PER_DEGREE_LAT = 111.32;
/** At country scale a grid cell is under a pixel: the area is drawn no smaller than this (as in the embed). */
const MIN_AREA_RADIUS_PX = 11;
/** Every this many border vertices, one goes into the frame: the border's extent, at a tenth of the work. */
const FRAME_BORDER_EVERY = 10;
/** Where the country names stand (Natural Earth label points, rounded). */
const COUNTRY_LABELS: Array<{ word: 'mexico' | 'unitedStates'; at: LngLat }> = [
  { word: 'mexico', at: [-102, 23.5] },
  { word: 'unitedStates', at: [-103.5, 31.8] },
];

/** What the map shows, in projected pixels: made of the public snapshot only. */
interface Drawing {
  projection: GeoProjection;
  box: Box;
  scale: number;
  colors: MapColors;
}

/**
 * The static map of a caravan as an SVG document, drawn from its public snapshot alone (the very
 * view the snapshot route serves): the journey's frame from the public track to the US border,
 * the land, the border and its crossings, the track, the latest position as an area, a few place
 * names, the distance headline, what the picture withholds, and the credits. Every number written
 * is a pixel value rounded to a tenth (svg-markup.ts `px`); every word is escaped. Pure (the
 * projected coasts it keeps per frame change its speed, not its output).
 */
export function mapSvg(snapshot: PublicSnapshot, options: MapImageOptions): string {
  const { width, height, lang, theme } = options;
  const colors = MAP_COLORS[theme];
  const layout = cardLayout(snapshot, options);
  const drawing: Drawing = { projection: projectionFor(snapshot, layout.map), box: layout.map, scale: layout.scale, colors };
  const title = wordsIn(lang)('title', { name: snapshot.caravan.name });
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-labelledby="title">`,
    `<title id="title">${escapeXml(title)}</title>`,
    `<rect width="${width}" height="${height}" fill="${colors.background}"/>`,
    mapLayers(snapshot, drawing, lang),
    ...layout.lines.map((line) => textLine(line, colors)),
    '</svg>',
  ].join('\n');
}

/** Where the map and the words of this snapshot's image go. */
function cardLayout(snapshot: PublicSnapshot, { width, height, lang }: MapImageOptions) {
  return layoutCard(width, height, headParagraphs(snapshot, lang), [
    { text: safetyStatement(snapshot, lang), sizePx: 15, tone: 'muted' },
    { text: wordsIn(lang)('attribution'), sizePx: 13, tone: 'muted' },
  ]);
}

/** The projection from longitude and latitude to the pixels of this snapshot's image (tests check the PNG with it). */
export const mapProjection = (snapshot: PublicSnapshot, options: MapImageOptions): GeoProjection =>
  projectionFor(snapshot, cardLayout(snapshot, options).map);

/** The words above or beside the map: who, how far, as of when, the nearest crossing. */
function headParagraphs(snapshot: PublicSnapshot, lang: MapLang): Paragraph[] {
  const word = wordsIn(lang);
  const { latest, metrics } = snapshot;
  const paragraphs: Paragraph[] = [
    { text: snapshot.caravan.name, sizePx: 20, bold: true, tone: 'muted' },
    { text: distanceHeadline(snapshot, lang), sizePx: 34, bold: true, tone: 'text' },
  ];
  if (!latest) return paragraphs;
  paragraphs.push(
    { text: word('straightLine'), sizePx: 18, tone: 'muted' },
    { text: asOfText(latest.recordedAt, lang), sizePx: 18, tone: 'text' },
  );
  if (metrics.nearestCrossing)
    paragraphs.push({ text: word('crossing', { name: metrics.nearestCrossing.name }), sizePx: 18, tone: 'text' });
  return paragraphs;
}

/**
 * A Lambert conformal conic fitted to the journey (Mexico's official map projection, parallels
 * 17.5° and 29.5°): the whole border and every public point, inside the map's box.
 */
function projectionFor(snapshot: PublicSnapshot, box: Box): GeoProjection {
  const margin = Math.min(box.width, box.height) * 0.08;
  const points: LngLat[] = [
    ...BORDER_COORDINATES.filter((_point, index) => index % FRAME_BORDER_EVERY === 0),
    ...snapshot.track,
    ...(snapshot.latest ? [[snapshot.latest.lng, snapshot.latest.lat] as LngLat] : []),
  ];
  return (
    geoConicConformal()
      .parallels([17.5, 29.5])
      .rotate([102, 0])
      // No adaptive resampling: the basemap's edges are a few pixels long, straight enough as they are.
      .precision(0)
      .fitExtent(
        [
          [box.x + margin, box.y + margin],
          [box.x + box.width - margin, box.y + box.height - margin],
        ],
        { type: 'MultiPoint', coordinates: points },
      )
      .clipExtent([
        [box.x, box.y],
        [box.x + box.width, box.y + box.height],
      ])
  );
}

/** The map, bottom to top: sea, land, country lines, the US–Mexico border, crossings, track, area, names. */
function mapLayers(snapshot: PublicSnapshot, drawing: Drawing, lang: MapLang): string {
  const { box, scale, colors } = drawing;
  const { land, countryBorders, border } = basemapPaths(drawing.projection);
  return [
    `<rect x="${px(box.x)}" y="${px(box.y)}" width="${px(box.width)}" height="${px(box.height)}" fill="${colors.ocean}"/>`,
    `<path d="${land}" fill="${colors.land}"/>`,
    `<path d="${countryBorders}" fill="none" stroke="${colors.countryBorders}" stroke-width="${px(0.8 * scale)}"/>`,
    `<path d="${border}" fill="none" stroke="${colors.borderHalo}" stroke-width="${px(5 * scale)}" stroke-linejoin="round"/>`,
    `<path d="${border}" fill="none" stroke="${colors.border}" stroke-width="${px(2.5 * scale)}" stroke-linejoin="round"/>`,
    crossingMarks(drawing),
    trackLine(snapshot.track, drawing),
    latestArea(snapshot, drawing),
    placeLabels(snapshot, drawing, lang),
  ].join('\n');
}

/** Basemap paths kept per projection; the frame of a journey stays the same from step to step. */
const BASEMAP_PATHS_KEPT = 32;
const basemapPathsKept = new Map<string, { land: string; countryBorders: string; border: string }>();

/**
 * The land, the lines between countries and the US–Mexico border as path data in this projection.
 * Projecting and clipping the coasts is most of an image's drawing time, and the same for every
 * step while the track stays inside the border's extent: kept, a few per size and frame.
 */
function basemapPaths(projection: GeoProjection) {
  const key = JSON.stringify([projection.scale(), projection.translate(), projection.clipExtent()]);
  let paths = basemapPathsKept.get(key);
  if (!paths) {
    const path = geoPath(projection).digits(1);
    paths = {
      land: path(BASEMAP.land) ?? '',
      countryBorders: path(BASEMAP.countryBorders) ?? '',
      border: path({ type: 'LineString', coordinates: BORDER_COORDINATES }) ?? '',
    };
    basemapPathsKept.set(key, paths);
    if (basemapPathsKept.size > BASEMAP_PATHS_KEPT) basemapPathsKept.delete(basemapPathsKept.keys().next().value!);
  }
  return paths;
}

const projected = (projection: GeoProjection, point: LngLat) => projection(point) ?? null;
const inside = ([x, y]: [number, number], box: Box) =>
  x >= box.x && x <= box.x + box.width && y >= box.y && y <= box.y + box.height;

/** The ports of entry the geo engine knows, as small squares on the border. */
function crossingMarks({ projection, scale, colors }: Drawing): string {
  const side = 6 * scale;
  const marks = BORDER_CROSSINGS.map((crossing) => projected(projection, [crossing.lng, crossing.lat]))
    .filter((point) => point !== null)
    .map(([x, y]) => `<rect x="${px(x - side / 2)}" y="${px(y - side / 2)}" width="${px(side)}" height="${px(side)}"/>`);
  return `<g fill="${colors.borderHalo}" stroke="${colors.crossing}" stroke-width="${px(1.2 * scale)}">${marks.join('')}</g>`;
}

/** The public track, over a casing so it reads on land and sea alike. */
function trackLine(track: readonly LngLat[], { projection, scale, colors }: Drawing): string {
  if (track.length < 2) return '';
  const d = track
    .map((point) => projection(point))
    .filter((point) => point !== null)
    .map(([x, y], index) => `${index === 0 ? 'M' : 'L'}${px(x)},${px(y)}`)
    .join('');
  const line = (stroke: string, widthPx: number) =>
    `<path d="${d}" fill="none" stroke="${stroke}" stroke-width="${px(widthPx * scale)}" stroke-linecap="round" stroke-linejoin="round"/>`;
  return [line(colors.trackCasing, 7), line(colors.track, 4)].join('\n');
}

/**
 * The latest public position as an area, never a dot: a circle of `precisionKm` on the ground
 * (it covers the whole grid cell), and no smaller than MIN_AREA_RADIUS_PX, which can only
 * overstate the uncertainty.
 */
function latestArea({ latest, precisionKm }: PublicSnapshot, { projection, scale, colors }: Drawing): string {
  if (!latest) return '';
  const centre = projection([latest.lng, latest.lat]);
  const north = projection([latest.lng, latest.lat + precisionKm / KM_PER_DEGREE_LAT]);
  if (!centre || !north) return '';
  const radius = Math.max(MIN_AREA_RADIUS_PX * scale, Math.hypot(north[0] - centre[0], north[1] - centre[1]));
  return `<circle cx="${px(centre[0])}" cy="${px(centre[1])}" r="${px(radius)}" fill="${colors.area}" fill-opacity="0.3" stroke="${colors.area}" stroke-width="${px(2 * scale)}"/>`;
}

/**
 * A few names: the countries, where the public track starts and where it is now (named no finer
 * than the grid, as the snapshot's own `latest.place`), and the nearest crossing.
 */
function placeLabels(snapshot: PublicSnapshot, drawing: Drawing, lang: MapLang): string {
  const word = wordsIn(lang);
  const labels: Array<{ text: string; at: LngLat; size: number; bold?: boolean; tone: 'text' | 'muted' }> = COUNTRY_LABELS.map(
    ({ word: name, at }) => ({ text: word(name), at, size: 15, tone: 'muted' as const }),
  );
  const start = snapshot.track[0];
  const startName = start && publicPlaceAt(start, snapshot.precisionKm)?.name;
  const latestName = snapshot.latest?.place?.name;
  if (start && startName && startName !== latestName) labels.push({ text: startName, at: start, size: 15, tone: 'text' });
  if (snapshot.latest && latestName)
    labels.push({ text: latestName, at: [snapshot.latest.lng, snapshot.latest.lat], size: 17, bold: true, tone: 'text' });
  const crossing = BORDER_CROSSINGS.find((candidate) => candidate.name === snapshot.metrics.nearestCrossing?.name);
  if (crossing) labels.push({ text: crossing.mexicoSide, at: [crossing.lng, crossing.lat], size: 14, tone: 'text' });
  return labels.map((label) => mapLabel(label, drawing)).join('\n');
}

/** A name beside its place (right of it, or left near the map's right edge), with a halo. */
function mapLabel(
  { text, at, size, bold = false, tone }: { text: string; at: LngLat; size: number; bold?: boolean; tone: 'text' | 'muted' },
  { projection, box, scale, colors }: Drawing,
): string {
  const point = projection(at);
  if (!point || !inside(point, box)) return '';
  const sizePx = Math.max(9, size * scale);
  const gap = (MIN_AREA_RADIUS_PX + 4) * scale;
  const leftward = point[0] > box.x + box.width * 0.7;
  const x = leftward ? point[0] - gap : point[0] + gap;
  return (
    `<text x="${px(x)}" y="${px(point[1] + sizePx * 0.35)}" font-family="${FONT_FAMILY}" font-size="${px(sizePx)}"` +
    `${bold ? ' font-weight="bold"' : ''} text-anchor="${leftward ? 'end' : 'start'}" fill="${tone === 'text' ? colors.text : colors.muted}"` +
    ` stroke="${colors.background}" stroke-opacity="0.8" stroke-width="${px(3 * scale)}" stroke-linejoin="round" paint-order="stroke">${escapeXml(text)}</text>`
  );
}

function textLine({ text, x, y, sizePx, bold, tone }: PlacedLine, colors: MapColors): string {
  return (
    `<text x="${px(x)}" y="${px(y)}" font-family="${FONT_FAMILY}" font-size="${px(sizePx)}"${bold ? ' font-weight="bold"' : ''}` +
    ` fill="${tone === 'text' ? colors.text : colors.muted}">${escapeXml(text)}</text>`
  );
}
