import type { Alert } from './schemas/alert';
import type { CaravanSummary, NewsroomSnapshot } from './schemas/caravan';
import type { PublicSnapshot } from './schemas/public';
import type { Report } from './schemas/report';

/** Acks are `{ data }` on success, `{ error }` otherwise; handlers never throw at the socket. */
export type Ack<T> = { data: T } | { error: { code: string; message: string } };

export interface CaravanRef {
  caravanId: string;
}

export interface NewsroomServerToClientEvents {
  'report:new': (payload: { caravanId: string; report: Report }) => void;
  'report:update': (payload: { caravanId: string; report: Report }) => void;
  'caravan:update': (payload: { caravanId: string; summary: CaravanSummary }) => void;
  /** An alert of the caravan (staff only: never on the public namespace). */
  'alert:new': (payload: { caravanId: string; alert: Alert }) => void;
}

export interface NewsroomClientToServerEvents {
  'caravan:join': (payload: CaravanRef, ack: (answer: Ack<NewsroomSnapshot>) => void) => void;
  'caravan:leave': (payload: CaravanRef, ack?: (answer: Ack<true>) => void) => void;
}

export const NEWSROOM_NAMESPACE = '/newsroom';
export const PUBLIC_NAMESPACE = '/public';

/** The public namespace is receive-only: join and leave, then snapshots as reports come out of the delay. */
export interface PublicServerToClientEvents {
  'public:update': (payload: { caravanId: string; snapshot: PublicSnapshot }) => void;
  /**
   * The caravan stopped being public (archived): the last snapshot must go from the page. The
   * server takes the socket out of the caravan's room; nothing more about it follows.
   */
  'public:gone': (payload: CaravanRef) => void;
}

export interface PublicClientToServerEvents {
  'caravan:join': (payload: CaravanRef, ack: (answer: Ack<PublicSnapshot>) => void) => void;
  'caravan:leave': (payload: CaravanRef, ack?: (answer: Ack<true>) => void) => void;
}
