import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { embedSnippet } from '../src/newsroom/embed-snippet';
import { api } from './server';

export const MINUTE_MS = 60_000;
export const HOUR_MS = 60 * MINUTE_MS;
/** Where the tests' readers are: the caravan's own time zone, so times read "… CST". */
export const READER_TIME_ZONE = 'America/Mexico_City';

/** One frame of an article: the embed at the size the host gave it. */
export interface HostFrame {
  width: string;
  height: string;
}

/**
 * A news site on another origin (localhost vs the server's 127.0.0.1): an article with the embed
 * in it, pasted as the dashboard's Embed dialog gives it (the iframe and the host's resize
 * listener). `?embed=` names the embed's path; `?width=&height=` the frame's size, and
 * `?listen=0` leaves the listener out, for a host that keeps its frame's size.
 */
export function startHostSite(): Promise<{ server: Server; origin: string; setRumbo(origin: string): void }> {
  let rumboOrigin = '';
  const server = createServer((request, response) => {
    const query = new URL(request.url ?? '/', 'http://host').searchParams;
    const embedPath = query.get('embed') ?? '';
    const [path, search = ''] = embedPath.split('?');
    const caravanId = path?.match(/^\/embed\/([a-z0-9-]+)$/)?.[1];
    if (!caravanId) return void response.writeHead(404).end();
    const params = new URLSearchParams(search);
    const snippet = embedSnippet({
      origin: rumboOrigin,
      caravanId,
      lang: params.get('lang') === 'es' ? 'es' : 'en',
      theme: params.get('theme') === 'dark' ? 'dark' : 'light',
      title: 'Caravan map',
    });
    const iframe = snippet
      .slice(0, snippet.indexOf('</iframe>') + '</iframe>'.length)
      .replace('width="100%" height="480"', `width="${query.get('width') ?? '100%'}" height="${query.get('height') ?? '150'}"`);
    const listener = query.get('listen') === '0' ? '' : snippet.slice(snippet.indexOf('</iframe>') + '</iframe>'.length);
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    response.end(`<!doctype html><html lang="en"><head><title>Article</title></head><body style="font-family:serif;max-width:1240px;margin:24px auto">
<main><h1>The caravan, day by day</h1><p>Reporting from southern Mexico.</p>
${iframe}${listener}
<p>More reporting below the map.</p></main></body></html>`);
  });
  return new Promise((resolve) =>
    server.listen(0, 'localhost', () =>
      resolve({
        server,
        origin: `http://localhost:${(server.address() as AddressInfo).port}`,
        setRumbo: (origin) => (rumboOrigin = origin),
      }),
    ),
  );
}

/** Any API call as the admin (the server helpers' `api`). */
export const admin = api;

/** A caravan made public with a 1-minute delay and its notes shown. */
export async function createPublicCaravan(baseUrl: string, prefix: string, name: string): Promise<string> {
  const caravanId = `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`;
  const created = await admin(baseUrl, 'POST', '/api/v1/caravans', {
    id: caravanId,
    name,
    public: { delayMinutes: 1, showNotes: true },
  });
  expect(created.status).toBe(201);
  return caravanId;
}

export interface StoredReport {
  recordedAt: string;
  flags: string[];
}

export async function postReports(baseUrl: string, caravanId: string, reports: object[]): Promise<StoredReport[]> {
  const answer = await admin<{ accepted: { report: StoredReport }[] }>(baseUrl, 'POST', `/api/v1/caravans/${caravanId}/reports`, {
    reports,
  });
  expect(answer.status).toBe(201);
  expect(answer.json.accepted).toHaveLength(reports.length);
  return answer.json.accepted.map(({ report }) => report);
}

/** Three days north from Tapachula along the Chiapas coast, a fix every 12 h, the last 12 h ago, with a note. */
export function history(now: number, note: string): object[] {
  const stops: [number, number][] = [
    [-92.2633, 14.9056], // Tapachula
    [-92.4667, 15.1333], // Huixtla
    [-92.6583, 15.3167], // Escuintla
    [-92.9, 15.4333], // Mapastepec
    [-93.2117, 15.6861], // Pijijiapan
    [-93.7556, 16.0892], // Tonalá
    [-93.9, 16.2333], // Arriaga
  ];
  return stops.map(([lng, lat], index) => ({
    id: `history-${index}`,
    lng,
    lat,
    recordedAt: new Date(now - (stops.length - index) * 12 * HOUR_MS).toISOString(),
    headcount: 3000,
    ...(index === stops.length - 1 ? { note } : {}),
  }));
}

const mexicoDay = (time: number) => new Date(time).toLocaleDateString('en-US', { timeZone: READER_TIME_ZONE });

/**
 * The line a reader in Mexico City should read for a public time (1-minute delay), written here
 * from the time's parts rather than by the embed's own function: "Position as of Dec 4, 2:30 PM
 * CST · delayed by 1 minute on purpose"; the date only when it is not the reader's `now` day.
 */
export function expectedPositionLine(recordedAt: string, now: number, lang: 'en' | 'es'): RegExp {
  const at = new Date(recordedAt);
  const today = mexicoDay(at.getTime()) === mexicoDay(now);
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', {
      timeZone: READER_TIME_ZONE,
      hour: 'numeric',
      minute: '2-digit',
      hour12: false,
      month: 'numeric',
      day: 'numeric',
    })
      .formatToParts(at)
      .map((part) => [part.type, part.value]),
  );
  const hour24 = Number(parts.hour) % 24;
  const minute = parts.minute!;
  const hour12 = hour24 % 12 === 0 ? 12 : hour24 % 12;
  const month = Number(parts.month) - 1;
  const day = parts.day!;
  const space = '[\\s\\u202f]';
  if (lang === 'en') {
    const meridiem = hour24 < 12 ? 'AM' : 'PM';
    const monthName = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][month];
    const date = today ? '' : `${monthName} ${day}, `;
    return new RegExp(`^Position as of ${date}${hour12}:${minute}${space}${meridiem} CST · delayed by 1 minute on purpose$`);
  }
  const meridiem = hour24 < 12 ? 'a\\.' + space + '?m\\.' : 'p\\.' + space + '?m\\.';
  const article = hour12 === 1 ? 'la' : 'las';
  const monthName = ['ene', 'feb', 'mar', 'abr', 'may', 'jun', 'jul', 'ago', 'sept?', 'oct', 'nov', 'dic'][month];
  const date = today ? 'a ' : `del ${day} ${monthName}\\.?, a `;
  return new RegExp(
    `^Posición ${date}${article} ${hour12}:${minute}${space}${meridiem} (GMT-6|CST) · con 1 minuto de retraso a propósito$`,
  );
}

/**
 * Turns the page's HTTP cache off. For tests whose server clock jumps a release step in no real
 * time: the browser would rightly keep a step's answer until that step ends (at most a minute of
 * real time), which here has not passed.
 */
export async function withoutHttpCache(page: Page): Promise<void> {
  const devtools = await page.context().newCDPSession(page);
  await devtools.send('Network.enable');
  await devtools.send('Network.setCacheDisabled', { cacheDisabled: true });
}
