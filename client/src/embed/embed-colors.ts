/**
 * A colour from the page's CSS custom properties, so the theme (`?theme=dark`) is defined once,
 * in embed.css, for the text and the map alike. Empty when the theme does not set it.
 */
export function cssColor(name: string): string {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim();
}
