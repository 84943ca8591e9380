import type { ExpressionSpecification, LayerSpecification, Map as MapLibreMap } from 'maplibre-gl';

/**
 * The label layers, bottom to top. MapLibre places the top layer's labels first, so where names
 * collide countries win, then cities, then states, then the smaller towns.
 */
export const PLACE_LABEL_LAYERS = ['town-labels', 'state-labels', 'city-labels', 'country-labels'] as const;

/** From this many people a town is a city, named before the states around it (Mexico City before "México"). */
const CITY_MIN_POPULATION = 300_000;

/** The dot drawn beside each town's name, made at run time: the bundled basemap has no sprite. */
export const TOWN_DOT_IMAGE = 'town-dot';

/**
 * Smallest town named at each zoom (zoom → population): the bigger a town, the further out it is
 * named. At zoom 4 (Mexico fills an embed) towns of 150,000 and more, so the caravan's start,
 * Tapachula (202,672), is named; from zoom 7 the route's small towns such as Arriaga (24,447).
 * MapLibre evaluates a filter's zoom at whole zoom levels only.
 */
const TOWN_MIN_POPULATION: ExpressionSpecification = [
  'step',
  ['zoom'],
  1_000_000,
  4,
  150_000,
  5,
  100_000,
  6,
  40_000,
  7,
  15_000,
  8,
  5_000,
];

/** Town names and dots; region (state and country) names, lighter; the halo that keeps both legible over lines. */
const TOWN_COLOR = '#2b2622';
const REGION_COLOR = '#7d7164';
const HALO_COLOR = 'rgba(255, 255, 255, 0.9)';

// No `glyphs` in the bundled style: MapLibre draws the text with the browser's fonts, and a generic
// family keeps that working on any machine. Letter-spacing and capitals set regions apart from towns.
const FONT = ['sans-serif'];

/**
 * The names on the bundled basemap, each from its own source (`towns`, `state-labels`,
 * `country-labels`, every feature with a `name` in the page's language). Collisions are left to
 * MapLibre: within a layer, bigger towns and the caravan's two countries are placed first.
 */
export function placeLabelLayers(): LayerSpecification[] {
  const paint = (color: string) => ({ 'text-color': color, 'text-halo-color': HALO_COLOR, 'text-halo-width': 1.5 });
  const towns = (id: string, filter: ExpressionSpecification): LayerSpecification => ({
    id,
    type: 'symbol',
    source: 'towns',
    filter: ['all', ['>=', ['get', 'population'], TOWN_MIN_POPULATION], filter],
    layout: {
      'symbol-sort-key': ['-', ['get', 'population']],
      'icon-image': TOWN_DOT_IMAGE,
      'text-field': ['get', 'name'],
      'text-font': FONT,
      'text-size': ['interpolate', ['linear'], ['get', 'population'], 5_000, 11, 1_000_000, 14],
      'text-variable-anchor': ['left', 'right', 'top', 'bottom'],
      'text-radial-offset': 0.55,
      'text-justify': 'auto',
      'text-max-width': 8,
    },
    paint: paint(TOWN_COLOR),
  });
  return [
    towns('town-labels', ['<', ['get', 'population'], CITY_MIN_POPULATION]),
    {
      id: 'state-labels',
      type: 'symbol',
      source: 'state-labels',
      minzoom: 4,
      layout: {
        'text-field': ['get', 'name'],
        'text-font': FONT,
        'text-size': ['interpolate', ['linear'], ['zoom'], 4, 10, 8, 13],
        'text-transform': 'uppercase',
        'text-letter-spacing': 0.12,
        'text-max-width': 7,
        // A state's name may step aside for a city's, rather than vanish.
        'text-variable-anchor': ['center', 'top', 'bottom'],
        'text-radial-offset': 0.8,
      },
      paint: paint(REGION_COLOR),
    },
    towns('city-labels', ['>=', ['get', 'population'], CITY_MIN_POPULATION]),
    {
      id: 'country-labels',
      type: 'symbol',
      source: 'country-labels',
      maxzoom: 8,
      layout: {
        'symbol-sort-key': ['get', 'rank'],
        'text-field': ['get', 'name'],
        'text-font': FONT,
        'text-size': ['match', ['get', 'rank'], 1, 16, 13],
        'text-transform': 'uppercase',
        'text-letter-spacing': 0.2,
        'text-max-width': 8,
      },
      paint: paint(REGION_COLOR),
    },
  ];
}

/** A small round dot with a white rim, at twice the pixel density for sharp screens. */
function townDot(fill: string): ImageData {
  const size = 14;
  const canvas = document.createElement('canvas');
  canvas.width = canvas.height = size;
  const context = canvas.getContext('2d')!;
  context.beginPath();
  context.arc(size / 2, size / 2, size / 2 - 2, 0, 2 * Math.PI);
  context.fillStyle = fill;
  context.fill();
  context.lineWidth = 2;
  context.strokeStyle = '#ffffff';
  context.stroke();
  return context.getImageData(0, 0, size, size);
}

/**
 * Supplies the town dot when MapLibre first asks for it: an image added inside the
 * `styleimagemissing` event is used for the symbols being laid out, none are drawn without it.
 */
export function provideTownDot(map: MapLibreMap): void {
  map.on('styleimagemissing', ({ id }) => {
    if (id === TOWN_DOT_IMAGE && !map.hasImage(id)) map.addImage(id, townDot(TOWN_COLOR), { pixelRatio: 2 });
  });
}

/**
 * Moves the names just below `layerId`: above the lines of the track and route, so a town the
 * caravan walks through stays legible, and below the markers a reader clicks or looks for.
 */
export function placeLabelsBelow(map: MapLibreMap, layerId: string): void {
  for (const id of PLACE_LABEL_LAYERS) if (map.getLayer(id)) map.moveLayer(id, layerId);
}
