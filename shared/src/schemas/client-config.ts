import { Type, type Static } from 'typebox';

/** What the browser pages need at start; a null basemap means the bundled offline one. */
export const ClientConfig = Type.Object({ basemapStyleUrl: Type.Union([Type.String(), Type.Null()]) });
export type ClientConfig = Static<typeof ClientConfig>;
