import { brotliDecompressSync, gunzipSync, inflateSync } from 'node:zlib';
import { Pool } from 'undici';
import type { PublicSnapshot, PublicUpdates } from '@rumbo/shared';
import { applyPublicUpdates, type HeldSnapshot } from '@rumbo/shared/public-updates';
import { POLL_INTERVAL_MS, POLL_JITTER_MS } from '../client/src/embed/poll-cadence';
import { openFilesLimit, serveParent } from './child-serve';
import { sleep } from './clock';
import { seeded } from './measure';
import type { ReaderRequestKind, ReaderRunOptions, ReaderRunResult, ReadersApi } from './readers-api';

/**
 * Readers of the public embed, many to a process, each doing over HTTP what the embed's feed does
 * while it polls (client/src/embed/main.ts and public-feed.ts, with PUBLIC_LIVE off): at start the
 * client settings and the snapshot (no If-None-Match: the page's preload), and once the settings
 * have answered, a poll every POLL_INTERVAL_MS + up to POLL_JITTER_MS, each scheduled when the one
 * before has answered. A poll asks for the updates since the release step of the snapshot held
 * (the same URL for every reader at that step), applies them with the embed's own
 * applyPublicUpdates, and reads the snapshot again (If-None-Match: its ETag) when they do not
 * apply. Requests carry a browser's Accept-Encoding and are decoded as a browser would.
 *
 * Time is compressed by `speedup`: every wait (the poll interval, the jitter, a reader's stay) is
 * divided by it, while requests take the real time they take. A reader's minutes are counted in
 * simulated time, from when it really started and stopped.
 *
 * All readers of a process share one undici pool of keep-alive connections, as a crowd of browsers
 * shares a few of nginx's workers; a request waits in the pool when every connection is busy, and
 * that wait is part of its latency. Identical bodies (every reader at a step gets the same) are
 * parsed once per process: a saving of the simulation's CPU that changes no request.
 */

const ACCEPT_ENCODING = 'gzip, deflate, br, zstd';
const publicPath = (caravanId: string) => `/api/v1/public/caravans/${encodeURIComponent(caravanId)}`;
/** As public-rest.ts: the ETag as the server computed it, not as compression weakened it. */
const strongEtag = (etag: string | null) => etag?.replace(/^W\//, '') ?? null;

interface Answer {
  status: number;
  etag: string | null;
  body: string;
}

/** Recently parsed bodies, by their text: readers at one step all get the same few. */
const parsed = new Map<string, unknown>();
function parse<T>(body: string): T {
  let value = parsed.get(body);
  if (value === undefined) {
    value = JSON.parse(body) as unknown;
    if (parsed.size >= 64) parsed.delete(parsed.keys().next().value!);
    parsed.set(body, value);
  }
  return value as T;
}

function decode(bytes: Buffer, encoding: string | undefined): string {
  if (encoding === 'br') return brotliDecompressSync(bytes).toString();
  if (encoding === 'gzip') return gunzipSync(bytes).toString();
  if (encoding === 'deflate') return inflateSync(bytes).toString();
  if (encoding && encoding !== 'identity') throw new Error(`unexpected Content-Encoding ${encoding}`);
  return bytes.toString();
}

const header = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

function newResult(): ReaderRunResult {
  return {
    readers: 0,
    readerMinutes: 0,
    peakReaders: 0,
    requests: { config: 0, snapshot: 0, updates: 0 },
    statuses: {},
    cacheStatuses: {},
    latenciesMs: { config: [], snapshot: [], updates: [] },
    updates: {},
    releaseSteps: 0,
    failures: 0,
    failureSamples: [],
    wallSeconds: 0,
  };
}

const bump = (counts: Record<string, number>, key: string) => (counts[key] = (counts[key] ?? 0) + 1);

async function run(options: ReaderRunOptions): Promise<ReaderRunResult> {
  const { caravanId, speedup } = options;
  const pool = new Pool(options.baseUrl, {
    connections: options.connections,
    pipelining: 1,
    keepAliveTimeout: 60_000,
    headersTimeout: 60_000,
    bodyTimeout: 60_000,
  });
  const result = newResult();
  const steps = new Set<string>();
  const random = seeded(options.seed);
  let inFlight = 0;
  let open = 0;

  async function get(kind: ReaderRequestKind, path: string, etag: string | null): Promise<Answer> {
    result.requests[kind]++;
    inFlight++;
    const started = performance.now();
    try {
      const headers: Record<string, string> = { accept: '*/*', 'accept-encoding': ACCEPT_ENCODING };
      if (etag) headers['if-none-match'] = etag;
      const response = await pool.request({ method: 'GET', path, headers });
      const bytes = Buffer.from(await response.body.arrayBuffer());
      result.latenciesMs[kind].push(performance.now() - started);
      bump(result.statuses, `${kind} ${response.statusCode}`);
      bump(result.cacheStatuses, header(response.headers['x-cache-status']) ?? 'none');
      const body = response.statusCode === 200 ? decode(bytes, header(response.headers['content-encoding'])) : '';
      return { status: response.statusCode, etag: header(response.headers.etag) ?? null, body };
    } catch (error) {
      result.failures++;
      if (result.failureSamples.length < 5) result.failureSamples.push(`${kind}: ${(error as Error).message}`);
      throw error;
    } finally {
      inFlight--;
    }
  }

  /** One reader: public-feed.ts's polling path, request for request. */
  function startReader(): () => void {
    const path = publicPath(caravanId);
    let held: HeldSnapshot | null = null;
    let stopped = false;
    let pollTimer: ReturnType<typeof setTimeout> | undefined;

    const acceptHeld = (next: HeldSnapshot) => {
      if (next.snapshot === held?.snapshot) return;
      held = next;
      steps.add(next.snapshot.releasedUntil);
    };

    async function readSnapshot(): Promise<void> {
      const answer = await get('snapshot', path, held?.etag ?? null);
      if (answer.status === 304 || answer.status === 404 || answer.status === 400) return;
      if (answer.status !== 200) throw new Error(`public snapshot: HTTP ${answer.status}`);
      const etag = strongEtag(answer.etag);
      if (etag) acceptHeld({ snapshot: parse<PublicSnapshot>(answer.body), etag });
    }

    async function poll(): Promise<void> {
      try {
        if (!held) return await readSnapshot();
        const answer = await get('updates', `${path}/updates?since=${encodeURIComponent(held.snapshot.releasedUntil)}`, null);
        if (answer.status === 404 || answer.status === 400) return;
        if (answer.status !== 200) throw new Error(`public updates: HTTP ${answer.status}`);
        const updates = parse<PublicUpdates>(answer.body);
        const next = applyPublicUpdates(held, updates);
        bump(result.updates, next ? updates.kind : 'reread');
        if (next) acceptHeld(next);
        // A page closed meanwhile asks nothing more.
        else if (!stopped) await readSnapshot();
      } catch {
        // As the embed: the next poll brings the page up to date.
      }
    }

    const scheduleNextPoll = () => {
      if (stopped) return;
      pollTimer = setTimeout(
        () => void poll().finally(scheduleNextPoll),
        (POLL_INTERVAL_MS + random() * POLL_JITTER_MS) / speedup,
      );
    };

    // main.ts asks for the settings beside the snapshot, and starts polling once they answer.
    void get('config', '/api/v1/client-config', null)
      .catch(() => undefined)
      .then(scheduleNextPoll);
    void readSnapshot().catch(() => undefined);
    return () => {
      stopped = true;
      clearTimeout(pollTimer);
    };
  }

  /**
   * One slot: its readers one after the other, from a random moment of the ramp to the end of
   * the run. The first and the last share one stay, split at random, so that readers leave (and
   * others arrive) all through the run rather than all at once; the others stay a whole one.
   */
  async function slot(runStart: number): Promise<void> {
    const count = options.readersPerSlot;
    const stayMs = (options.durationMs - options.rampMs) / Math.max(1, count - 1);
    const split = random();
    const stays = count === 1 ? [stayMs] : [split * stayMs, ...Array<number>(count - 2).fill(stayMs), (1 - split) * stayMs];
    let at = runStart + (random() * options.rampMs) / speedup;
    for (const stay of stays) {
      await sleep(at - performance.now());
      const startedAt = performance.now();
      const stop = startReader();
      result.readers++;
      result.peakReaders = Math.max(result.peakReaders, ++open);
      at += stay / speedup;
      await sleep(at - performance.now());
      stop();
      open--;
      result.readerMinutes += ((performance.now() - startedAt) * speedup) / 60_000;
    }
  }

  const runStart = performance.now();
  await Promise.all(Array.from({ length: options.slots }, () => slot(runStart)));
  // Gone readers send nothing more; what they had asked is still answered and counted.
  for (let waited = 0; inFlight > 0 && waited < 60_000; waited += 50) await sleep(50);
  result.wallSeconds = (performance.now() - runStart) / 1000;
  result.releaseSteps = steps.size;
  await pool.close();
  return result;
}

const handlers: ReadersApi = { run };

serveParent(handlers, async () => undefined, { openFilesLimit: openFilesLimit() });
