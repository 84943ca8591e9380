import type { CaravanSummary, NewsroomSnapshot } from './schemas/caravan';
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
}

export interface NewsroomClientToServerEvents {
  'caravan:join': (payload: CaravanRef, ack: (answer: Ack<NewsroomSnapshot>) => void) => void;
  'caravan:leave': (payload: CaravanRef, ack?: (answer: Ack<true>) => void) => void;
}

export const NEWSROOM_NAMESPACE = '/newsroom';
export const PUBLIC_NAMESPACE = '/public';
