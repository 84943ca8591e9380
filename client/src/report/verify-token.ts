import { ApiError, apiGet } from '../lib/api';
import type { Me } from './session';

/** What the server said about a token. `unreachable` keeps whatever was known: the reporter may be offline. */
export type Verification =
  | { kind: 'reporter'; me: Me }
  | { kind: 'refused' }
  | { kind: 'not-reporter' }
  | { kind: 'no-caravan' }
  | { kind: 'unreachable'; reason: string };

/** Asks `GET /api/v1/me` who a token belongs to. Only reporter tokens with a caravan may use this page. */
export async function verifyToken(token: string): Promise<Verification> {
  let me: Me;
  try {
    me = await apiGet<Me>('/api/v1/me', token);
  } catch (error) {
    if (error instanceof ApiError && (error.status === 401 || error.status === 403)) return { kind: 'refused' };
    return { kind: 'unreachable', reason: error instanceof Error ? error.message : String(error) };
  }
  // A captive portal answers 200 with its own page: that is no answer from Rumbo.
  if (typeof me?.role !== 'string') return { kind: 'unreachable', reason: 'unexpected answer' };
  if (me.role !== 'reporter') return { kind: 'not-reporter' };
  if (!me.caravans?.length) return { kind: 'no-caravan' };
  return { kind: 'reporter', me };
}
