import { Type, type Static } from 'typebox';

/** What the browser pages need at start; a null basemap means the bundled offline one. */
export const ClientConfig = Type.Object({
  basemapStyleUrl: Type.Union([Type.String(), Type.Null()]),
  /** Whether the embed may hold a `/public` socket (PUBLIC_LIVE); otherwise it polls the cacheable updates. */
  publicLive: Type.Boolean(),
  /**
   * PUBLIC_BASE_URL: the origin readers reach Rumbo at, for the links the dashboard's Embed dialog
   * gives; null: the page's own origin.
   */
  publicBaseUrl: Type.Union([Type.String(), Type.Null()]),
});
export type ClientConfig = Static<typeof ClientConfig>;
