import { etagOf } from '../etag';
import type { PublicSnapshot } from '@rumbo/shared';
import type { PublicViews } from '../public-views';
import { renderPng } from './map-png';
import { mapSvg, type MapImageOptions } from './map-svg';

export type MapImageFormat = 'svg' | 'png';

export interface MapImage {
  body: string | Buffer;
  /** Strong ETag of the body, as the snapshot's is of its JSON. */
  etag: string;
  /** The snapshot it was drawn from: its step says how long the image may be kept. */
  snapshot: PublicSnapshot;
}

/**
 * Images kept per instance: a front page's crowd asks for one card (a few sizes, two languages,
 * two themes) per caravan and step. A card's PNG is about 100 KB, its SVG about 40 KB.
 */
const MAX_IMAGES = 96;
const MAX_BYTES = 24 * 1024 * 1024;

const sizeOf = (body: string | Buffer) => (typeof body === 'string' ? Buffer.byteLength(body) : body.length);

/**
 * The static map images of the public views (public-views.ts), drawn once per caravan, snapshot
 * and parameters and kept in a bounded, least-recently-used cache. The key holds the snapshot's
 * ETag, so a new release step, a hide or new settings (a new snapshot) draws afresh, and nothing
 * but the snapshot the route serves is ever drawn. One rendering per key at a time, shared by
 * every request that waits for it.
 */
export function createMapImages(views: Pick<PublicViews, 'view'>, { maxImages = MAX_IMAGES, maxBytes = MAX_BYTES } = {}) {
  /** Insertion order is use order: the first entry is the least recently used. */
  const cache = new Map<string, MapImage>();
  const inFlight = new Map<string, Promise<MapImage>>();
  let bytes = 0;

  function remember(key: string, image: MapImage): void {
    cache.set(key, image);
    bytes += sizeOf(image.body);
    for (const [oldKey, old] of cache) {
      if (cache.size <= maxImages && bytes <= maxBytes) break;
      cache.delete(oldKey);
      bytes -= sizeOf(old.body);
    }
  }

  /** The image of one snapshot, from the cache or drawn (an SVG drawn for a PNG is kept too). */
  function imageOf(key: string, snapshot: PublicSnapshot, format: MapImageFormat, options: MapImageOptions): Promise<MapImage> {
    const cached = cache.get(`${format}|${key}`);
    if (cached) {
      cache.delete(`${format}|${key}`);
      cache.set(`${format}|${key}`, cached);
      return Promise.resolve(cached);
    }
    const flight = inFlight.get(`${format}|${key}`);
    if (flight) return flight;
    const drawing = draw(key, snapshot, format, options).finally(() => inFlight.delete(`${format}|${key}`));
    inFlight.set(`${format}|${key}`, drawing);
    return drawing;
  }

  async function draw(key: string, snapshot: PublicSnapshot, format: MapImageFormat, options: MapImageOptions) {
    const body =
      format === 'svg'
        ? mapSvg(snapshot, options)
        : await renderPng((await imageOf(key, snapshot, 'svg', options)).body as string);
    const image = { body, etag: etagOf(body), snapshot };
    remember(`${format}|${key}`, image);
    return image;
  }

  return {
    /** The caravan's map image as the public may see it now; null when the caravan is not public. */
    async image(caravanId: string, format: MapImageFormat, options: MapImageOptions): Promise<MapImage | null> {
      const view = await views.view(caravanId);
      if (!view) return null;
      const key = [caravanId, view.etag, options.width, options.height, options.lang, options.theme].join('|');
      return imageOf(key, view.snapshot, format, options);
    },
    /** Images held and their bytes (for tests and the benchmark). */
    size: () => ({ images: cache.size, bytes }),
  };
}
export type MapImages = ReturnType<typeof createMapImages>;
