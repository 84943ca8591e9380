import { Type, type Static } from 'typebox';

/** What the browser pages need at start; a null basemap means the bundled offline one. */
export const ClientConfig = Type.Object({
  basemapStyleUrl: Type.Union([Type.String(), Type.Null()]),
  /** Whether the embed may hold a `/public` socket (PUBLIC_LIVE); otherwise it polls the cacheable updates. */
  publicLive: Type.Boolean(),
});
export type ClientConfig = Static<typeof ClientConfig>;
