import { Type, type Static } from 'typebox';

/** Liveness: the process answers. */
export const Liveness = Type.Object({ status: Type.Literal('ok') });
export type Liveness = Static<typeof Liveness>;

export const StoreKind = Type.Union([Type.Literal('redis'), Type.Literal('memory')]);

/** Readiness: the store answers (`ready`), or not (`unavailable`, with a 503). */
export const Readiness = Type.Object({
  status: Type.Union([Type.Literal('ready'), Type.Literal('unavailable')]),
  store: StoreKind,
});
export type Readiness = Static<typeof Readiness>;
