import { fileURLToPath } from 'node:url';
import { renderAsync, type ResvgRenderOptions } from '@resvg/resvg-js';

/** The bundled fonts (server/assets/fonts, with their licence and source): the only ones a PNG is drawn with. */
const FONT_FILES = ['DejaVuSans.ttf', 'DejaVuSans-Bold.ttf'].map((file) =>
  fileURLToPath(new URL(`../../../assets/fonts/${file}`, import.meta.url)),
);

/**
 * resvg's options: the bundled fonts and no system font at all, so a PNG looks the same on every
 * machine (a font installed or missing on one host cannot change a glyph); the SVG's own size.
 */
const RENDER_OPTIONS: ResvgRenderOptions = {
  font: { fontFiles: FONT_FILES, loadSystemFonts: false, defaultFontFamily: 'DejaVu Sans', sansSerifFamily: 'DejaVu Sans' },
  fitTo: { mode: 'original' },
  textRendering: 1,
  logLevel: 'off',
};

/**
 * A map image's SVG rendered to PNG by resvg, on libuv's thread pool (renderAsync), not on the
 * event loop: rasterising a social card takes tens of milliseconds. resvg writes only the image's
 * own chunks (IHDR, IDAT, IEND): no text, time or coordinate travels in the file.
 */
export async function renderPng(svg: string): Promise<Buffer> {
  return (await renderAsync(svg, RENDER_OPTIONS)).asPng();
}
