export type MapTheme = 'light' | 'dark';

/** The image's colours: the embed's (client/src/embed/embed.css and map/basemap.ts), so both look alike. */
export interface MapColors {
  background: string;
  text: string;
  muted: string;
  ocean: string;
  land: string;
  countryBorders: string;
  border: string;
  borderHalo: string;
  track: string;
  trackCasing: string;
  area: string;
  crossing: string;
}

export const MAP_COLORS: Record<MapTheme, MapColors> = {
  light: {
    background: '#ffffff',
    text: '#1d2733',
    muted: '#5a6773',
    ocean: '#cddfe9',
    land: '#f4f1ea',
    countryBorders: '#9a9a9a',
    border: '#c62828',
    borderHalo: '#ffffff',
    track: '#1565c0',
    trackCasing: '#ffffff',
    area: '#1565c0',
    crossing: '#1d2733',
  },
  dark: {
    background: '#121a22',
    text: '#e6edf3',
    muted: '#9fadba',
    ocean: '#1b2a38',
    land: '#2b3642',
    countryBorders: '#56626e',
    border: '#ef5350',
    borderHalo: '#121a22',
    track: '#64b5f6',
    trackCasing: '#0b1117',
    area: '#90caf9',
    crossing: '#e6edf3',
  },
};
