import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { CaravanParams, MAP_IMAGE_MAX_PX, MAP_IMAGE_MIN_PX, PublicMapQuery } from '@rumbo/shared';
import { NotFound } from '../domain-errors';
import type { MapImageFormat, MapImages } from '../public/map-image/map-images';
import type { MapImageOptions } from '../public/map-image/map-svg';
import { allowPublicGet, openToAnySite, sendPublic } from './public-answer';
import { emptyResponse, errorResponses } from './responses';

/** The social card (Open Graph's and X's recommended 1.91:1) when no size is asked for. */
const DEFAULT_SIZE = { width: 1200, height: 630 };
/** With one side given, the other follows at 4:3: a newsletter's `?w=600` gets room for words and a map. */
const ONE_SIDE_ASPECT = 4 / 3;

const clampSide = (value: number) => Math.min(MAP_IMAGE_MAX_PX, Math.max(MAP_IMAGE_MIN_PX, Math.round(value)));

/** The image's size and words from the query (already validated against PublicMapQuery). */
export function mapImageOptions({ w, h, lang = 'en', theme = 'light' }: PublicMapQuery): MapImageOptions {
  const width = w ?? (h === undefined ? DEFAULT_SIZE.width : clampSide(h * ONE_SIDE_ASPECT));
  const height = h ?? (w === undefined ? DEFAULT_SIZE.height : clampSide(w / ONE_SIDE_ASPECT));
  return { width, height, lang, theme };
}

const FORMATS: Record<MapImageFormat, { type: string; description: string; example: string }> = {
  svg: {
    type: 'image/svg+xml',
    description: 'The map as an SVG document (text, escaped; every number a pixel value to a tenth).',
    example: '<svg xmlns="http://www.w3.org/2000/svg" width="1200" height="630" viewBox="0 0 1200 630" role="img">…</svg>',
  },
  png: {
    type: 'image/png',
    description: 'The map as a PNG, rendered from the SVG with the bundled DejaVu Sans font; no text chunks.',
    example: '(binary PNG, 1200 × 630 by default)',
  },
};

/**
 * Static map images of the public projection, for where an iframe cannot go (social cards, print,
 * newsletters, apps): drawn from the very snapshot the snapshot route serves, and cacheable as it
 * is (same release step, ETag, 304).
 */
const publicMapRoutes: FastifyPluginAsyncTypebox<{ images: MapImages; now: () => number }> = async (app, { images, now }) => {
  for (const format of ['svg', 'png'] as const) {
    const { type, description, example } = FORMATS[format];
    app.options(
      `/api/v1/public/caravans/:caravanId/map.${format}`,
      {
        schema: {
          tags: ['public'],
          summary: `CORS preflight: any site may GET the ${format.toUpperCase()} map, with If-None-Match`,
          response: { 204: emptyResponse('Allowed: GET, with If-None-Match.') },
        },
      },
      async (_request, reply) => allowPublicGet(reply),
    );
    app.get(
      `/api/v1/public/caravans/:caravanId/map.${format}`,
      {
        schema: {
          tags: ['public'],
          summary: `The caravan's public map as ${format.toUpperCase()}: delayed, coarsened, cacheable until the next release step`,
          description:
            `Drawn on the server from the public snapshot only: the journey to the US border, the public track, the latest position as an area, the distance, the delay and precision, credits. ` +
            `\`w\` and \`h\` are ${MAP_IMAGE_MIN_PX}–${MAP_IMAGE_MAX_PX} px (default 1200 × 630, the social card; with only one given, the other follows at 4:3).`,
          params: CaravanParams,
          querystring: PublicMapQuery,
          response: {
            200: { description, content: { [type]: { schema: { type: 'string', examples: [example] } } } },
            304: emptyResponse('Not modified since the ETag in If-None-Match.'),
            ...errorResponses(400, 404),
          },
        },
      },
      async (request, reply) => {
        const image = await images.image(request.params.caravanId, format, mapImageOptions(request.query));
        openToAnySite(reply);
        if (!image) throw new NotFound(`public caravan ${request.params.caravanId}`);
        const contentType = format === 'svg' ? `${type}; charset=utf-8` : type;
        return sendPublic(request, reply, { ...image, type: contentType }, now());
      },
    );
  }
};
export default publicMapRoutes;
