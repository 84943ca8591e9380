import { randomBytes } from 'node:crypto';
import { Redis, type ChainableCommander, type RedisOptions } from 'ioredis';
import type { Caravan, Report } from '@rumbo/shared';
import { chainLengthKm, DEFAULT_PLAUSIBILITY, SPEED_WINDOW_MS } from '@rumbo/shared/geo';
import {
  compareTrackOrder,
  fixTimeMs,
  isOnTrack,
  isSpeedCandidate,
  isSpeedOutlier,
  REJUDGE_MARGIN,
  rejudgeWindow,
  withSpeedVerdict,
  type Rejudged,
  type TrackWindow,
} from '@rumbo/shared/track';
import { keys } from './keys';
import { batchByKey } from './batch-by-key';
import { APPLY_CHANGE_LUA, applyChangeKeys } from './lua/apply-change';
import { READ_WINDOW_LUA } from './lua/read-window';
import { TAKE_UNPUSHED_LUA } from './lua/take-unpushed';
import { serialByKey } from './serial-by-key';
import {
  settledKm,
  type InsertResult,
  type ReportQuery,
  type StoreOptions,
  type TrackFacts,
  type TrackStore,
  type RelayTarget,
  type UnpushedChanges,
} from './track-store';

/**
 * No command waits longer than this, queued while reconnecting or written to a connection that
 * went silent (a network partition sends no reset): the caller gets an error, a request a 503 with
 * Retry-After, within seconds. maxRetriesPerRequest alone bounds neither: it fails queued
 * commands only every third reconnect attempt, and ioredis backs those off to 5 s apart.
 */
const COMMAND_TIMEOUT_MS = 2_000;

/** Retries only arbitrate between server instances: inside one, a caravan's writes are queued. */
const MAX_INSERT_ATTEMPTS = 10;

/** Report ids in one HMGET, at most (see reportsById). */
export const REPORTS_PER_READ = 1_000;

/** Reports in one insert script, at most: bounds the script's arguments and how long it holds Redis. */
const MAX_BATCH_REPORTS = 200;

/**
 * The layout of a caravan's keys this code keeps, in its state hash (`layout`): 2 added the speed
 * candidates set and the neighbours' verdicts. A caravan written by an earlier version is judged
 * again as a whole on its first write here (RedisStore.upgradeLayout).
 */
const LAYOUT = '2';

/**
 * Batches of one caravan in flight at once from this process, at most: while one is in Redis, the
 * next is planned on the tail it will leave and sent behind it on the same connection, so Redis
 * and this process work at the same time instead of waiting for each other. The rest wait, and
 * the reports arriving meanwhile make the next batch.
 */
const BATCHES_IN_FLIGHT = 2;

/** Changes taken in one script, at most (their ids go to one HMGET there: Lua unpacks fewer than 8,000). */
const UNPUSHED_PER_TAKE = 500;

/** What READ_WINDOW_LUA read: the revision, the stored JSON of the ids asked, the window if any. */
interface WindowRead {
  revision: string;
  stored: Array<Report | null>;
  window: TrackWindow | null;
}

/** A change planned from a read, as APPLY_CHANGE_LUA applies it. */
interface PlannedChange {
  revision: string;
  /** The change that made `revision`, when the plan was made on a tail (see APPLY_CHANGE_LUA); '' for any. */
  expectedWriter: string;
  /** This change's own id, which the caravan's state keeps as its `writer`. */
  writer: string;
  writes: Array<{ report: Report; kind: 'stored' | 'updated' }>;
  newReports: Report[];
  candidatesIn: Report[];
  candidatesOut: string[];
  rejudged: Rejudged;
  /** Stored reports this changes (TrackFacts.revisionCount). */
  revisions: number;
}

/**
 * The end of a caravan's track as this process last wrote it, or will have written it once its
 * writes in flight land, at `revision`, made by the change `writer`: its last speed candidates in
 * track order (REJUDGE_MARGIN of them, or all there are), judged, and the last report on the track
 * before them. Reports fixed after all of them (a caravan's common case: fixes arrive in order) are
 * judged against it and written in one round trip, without reading the window first; the insert
 * script refuses when the caravan is not in that state (another instance, a hide, a write in
 * flight refused) or an id is stored.
 */
interface TrackTail {
  revision: string;
  writer: string;
  candidates: Report[];
  atStart: boolean;
  trackBefore: Report | null;
}

interface RumboRedis extends Redis {
  readWindow(reports: string, candidates: string, track: string, state: string, ...args: string[]): Promise<string[]>;
  applyChange(
    reports: string,
    all: string,
    candidates: string,
    track: string,
    state: string,
    unpushed: string,
    ...args: string[]
  ): Promise<['ok', number] | ['retry']>;
  takeUnpushed(
    unpushed: string,
    reports: string,
    limit: string,
    relayChannel: string,
    origin: string,
    caravanId: string,
  ): Promise<string[]>;
}

/** Judging nothing: what a change that moves no candidate does to the track. */
const NOTHING_REJUDGED: Rejudged = { reports: [], joined: [], left: [], deltaKm: 0 };

const parse = (json: string | null | undefined): Report | null => (json ? (JSON.parse(json) as Report) : null);

/**
 * A pipeline's replies. ioredis resolves a pipeline even when its commands failed, each reply
 * then carrying its error (a connection lost mid-pipeline fails them all): the first one is
 * thrown, so the caller answers 503 instead of reading a missing reply as data.
 */
async function replies<T extends unknown[]>(pipeline: ChainableCommander): Promise<T> {
  const results = (await pipeline.exec()) ?? [];
  const failed = results.find(([error]) => error);
  if (failed) throw failed[0];
  return results.map(([, reply]) => reply) as T;
}

/**
 * The tail after a write at `revision`: the window it judged, with what joined it, judged
 * (`judged`, in track order, reaching the track's end), cut to its last REJUDGE_MARGIN candidates.
 */
function tailOf(revision: string, writer: string, judged: Report[], window: TrackWindow): TrackTail {
  const cut = Math.max(0, judged.length - REJUDGE_MARGIN);
  const trackBefore = judged.slice(0, cut).findLast(isOnTrack) ?? window.trackBefore;
  return { revision, writer, candidates: judged.slice(cut), atStart: window.atStart && cut === 0, trackBefore };
}

/** A batch's distinct reports (the first of each id), and how to answer each report of the batch from what landed. */
function distinctOf(reports: Report[]) {
  const firstIndexById = new Map<string, number>();
  reports.forEach((report, index) => {
    if (!firstIndexById.has(report.id)) firstIndexById.set(report.id, index);
  });
  const distinct = [...firstIndexById.values()].map((index) => withSpeedVerdict(reports[index]!, false));
  /** The answers: a report that landed is new (once per id), any other is the duplicate of what is stored. */
  const answer = (landed: Report[], stored: ReadonlyArray<Report | null>): InsertResult[] => {
    const freshIds = new Set(landed.map((report) => report.id));
    const byId = new Map(landed.map((report) => [report.id, report]));
    distinct.forEach((report, index) => {
      const found = stored[index];
      if (found) byId.set(report.id, found);
    });
    return reports.map((report, index) => {
      const first = firstIndexById.get(report.id)!;
      const duplicate = first !== index || !freshIds.has(report.id);
      return { duplicate, report: byId.get(report.id)! };
    });
  };
  return { distinct, answer };
}

/** The production store: ioredis, an atomic Lua insert, keys hash-tagged per caravan. */
export class RedisStore implements TrackStore {
  readonly kind = 'redis' as const;
  readonly redis: RumboRedis;
  private readonly maxSpeedKmh: number;
  /**
   * One write at a time per caravan from this process. Concurrent inserts would all read the
   * same track neighbours, and the script lets only one of them land per gap in the track:
   * with 50 at once, some lost every one of their attempts and failed.
   */
  private readonly oneInsertPerCaravan = serialByKey();
  /**
   * Reports of one caravan that arrive while its previous write runs go to Redis together, in one
   * plan and one insert: two round trips for the batch instead of three for each report.
   */
  private readonly insertInBatches = batchByKey(
    this.oneInsertPerCaravan,
    MAX_BATCH_REPORTS,
    (caravanId, reports: Report[], releaseTurn) => this.insertReports(caravanId, reports, releaseTurn),
  );
  /** Per caravan, the batches this process sent whose results are not in yet, oldest first (see BATCHES_IN_FLIGHT). */
  private readonly inFlight = new Map<string, Array<Promise<unknown>>>();
  /** Ids of this process's changes (`writer` in APPLY_CHANGE_LUA): a random prefix, a counter. */
  private readonly writerPrefix = randomBytes(6).toString('base64url');
  private changesMade = 0;
  private nextWriter(): string {
    return `${this.writerPrefix}.${++this.changesMade}`;
  }

  constructor(url: string, options: RedisOptions = {}, { maxSpeedKmh = DEFAULT_PLAUSIBILITY.maxSpeedKmh }: StoreOptions = {}) {
    this.maxSpeedKmh = maxSpeedKmh;
    this.redis = new Redis(url, {
      lazyConnect: false,
      maxRetriesPerRequest: 2,
      commandTimeout: COMMAND_TIMEOUT_MS,
      // Commands issued in one turn of the event loop go out in one write. Every request sends a
      // few (rate limit, caravan, previous fix, insert); under load a write syscall per command
      // cost more CPU than all the rest of ingest (profiled with the ingest benchmark).
      enableAutoPipelining: true,
      ...options,
    }) as RumboRedis;
    this.redis.defineCommand('readWindow', { numberOfKeys: 4, lua: READ_WINDOW_LUA });
    this.redis.defineCommand('applyChange', { numberOfKeys: 6, lua: APPLY_CHANGE_LUA });
    this.redis.defineCommand('takeUnpushed', { numberOfKeys: 2, lua: TAKE_UNPUSHED_LUA });
    // ioredis reconnects by itself; callers see failures as rejected commands. Without a listener
    // it would also print every reconnect error to stderr; the store plugin logs them once.
    this.redis.on('error', () => {});
  }

  async ping(): Promise<void> {
    await this.redis.ping();
  }

  async close(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }

  async createCaravan(caravan: Caravan): Promise<boolean> {
    const created = await this.redis.set(keys.caravan(caravan.id), JSON.stringify(caravan), 'NX');
    if (created !== 'OK') return false;
    await replies(
      this.redis
        .pipeline()
        .hset(keys.state(caravan.id), 'layout', LAYOUT)
        .zadd(keys.caravanIndex, String(Date.parse(caravan.createdAt)), caravan.id),
    );
    return true;
  }

  /** Caravans this process found in the current layout. */
  private readonly layoutChecked = new Set<string>();

  /** Brings a caravan written by an earlier version to the current layout, once (see LAYOUT). */
  private async ensureLayout(caravanId: string): Promise<void> {
    if (this.layoutChecked.has(caravanId)) return;
    if ((await this.redis.hget(keys.state(caravanId), 'layout')) !== LAYOUT) await this.upgradeLayout(caravanId);
    this.layoutChecked.add(caravanId);
  }

  /**
   * Judges a caravan's every fix again, from scratch (isSpeedOutlier over all its candidates), and
   * rewrites the candidates and track sets, the changed verdicts and traveledKm in one transaction.
   * Runs once per caravan written before speed was judged among neighbours; its writes are queued
   * behind it in this process, and an instance still running the old version must be stopped first.
   */
  private async upgradeLayout(caravanId: string): Promise<void> {
    const ids = await this.redis.zrange(keys.all(caravanId), '0', '-1');
    const candidates = (await this.reportsById(caravanId, ids)).filter(isSpeedCandidate);
    const judged = candidates.map((report, index) =>
      withSpeedVerdict(report, isSpeedOutlier(candidates, index, this.maxSpeedKmh)),
    );
    const changed = judged.filter((report, index) => report !== candidates[index]);
    const track = judged.filter(isOnTrack);
    const traveledKm = chainLengthKm(track);
    const scored = (reports: Report[]) => reports.flatMap((report) => [String(fixTimeMs(report)), report.id]);
    const transaction = this.redis.multi().del(keys.candidates(caravanId), keys.track(caravanId));
    for (let first = 0; first < judged.length; first += REPORTS_PER_READ) {
      const part = judged.slice(first, first + REPORTS_PER_READ);
      transaction.zadd(keys.candidates(caravanId), ...scored(part));
      const onTrack = part.filter(isOnTrack);
      if (onTrack.length) transaction.zadd(keys.track(caravanId), ...scored(onTrack));
    }
    for (let first = 0; first < changed.length; first += REPORTS_PER_READ) {
      const part = changed.slice(first, first + REPORTS_PER_READ);
      transaction.hset(keys.reports(caravanId), Object.fromEntries(part.map((report) => [report.id, JSON.stringify(report)])));
    }
    transaction
      .hset(keys.state(caravanId), 'traveledKm', String(traveledKm), 'layout', LAYOUT)
      .hincrby(keys.state(caravanId), 'revision', 1)
      .hincrby(keys.state(caravanId), 'revisions', changed.length + 1);
    const results = (await transaction.exec()) ?? [];
    const failed = results.find(([error]) => error);
    if (failed) throw failed[0];
  }

  async getCaravan(caravanId: string): Promise<Caravan | null> {
    const json = await this.redis.get(keys.caravan(caravanId));
    return json ? (JSON.parse(json) as Caravan) : null;
  }

  async listCaravans(): Promise<Caravan[]> {
    const ids = await this.redis.zrange(keys.caravanIndex, '0', '-1');
    if (ids.length === 0) return [];
    const pipeline = this.redis.pipeline();
    for (const id of ids) pipeline.get(keys.caravan(id));
    const found = await replies<Array<string | null>>(pipeline);
    return found.flatMap((json) => (typeof json === 'string' ? [JSON.parse(json) as Caravan] : []));
  }

  async updateCaravan(caravan: Caravan): Promise<boolean> {
    return (await this.redis.set(keys.caravan(caravan.id), JSON.stringify(caravan), 'XX')) === 'OK';
  }

  async getReport(caravanId: string, reportId: string): Promise<Report | null> {
    return parse(await this.redis.hget(keys.reports(caravanId), reportId));
  }

  setHidden(caravanId: string, reportId: string, hidden: boolean): Promise<Report | null> {
    return this.oneInsertPerCaravan(caravanId, () => this.setHiddenAtomically(caravanId, reportId, hidden));
  }

  /**
   * Reads the report and the window around it, plans the change (the report and the neighbours
   * judged again), and lets the script apply it only if the caravan did not change in between
   * (another instance may be writing); else reads again.
   */
  private async setHiddenAtomically(caravanId: string, reportId: string, hidden: boolean): Promise<Report | null> {
    await this.ensureLayout(caravanId);
    // The change moves the caravan's state: an append planned on the tail now would be refused.
    this.tails.delete(caravanId);
    for (let attempt = 0; attempt < MAX_INSERT_ATTEMPTS; attempt++) {
      const { revision, stored } = await this.readWindow(caravanId, [{ id: reportId, score: 0, joins: false }], []);
      const report = stored[0] ?? null;
      if (!report || report.hidden === hidden) return report;
      const changed = { ...report, hidden };
      const moves = isSpeedCandidate(report) !== isSpeedCandidate(changed);
      const around = moves ? await this.readWindow(caravanId, [], [fixTimeMs(report)]) : null;
      if (around && around.revision !== revision) continue;
      const rejudged = around?.window
        ? rejudgeWindow(
            around.window,
            isSpeedCandidate(changed)
              ? { joining: [changed], leaving: new Set() }
              : { joining: [], leaving: new Set([reportId]) },
            this.maxSpeedKmh,
          )
        : NOTHING_REJUDGED;
      const judgedSelf = rejudged.reports.find((judged) => judged.id === reportId) ?? changed;
      const neighbours = rejudged.reports.filter((judged) => judged.id !== reportId);
      const plan: PlannedChange = {
        revision,
        expectedWriter: '',
        writer: this.nextWriter(),
        writes: [judgedSelf, ...neighbours].map((judged) => ({ report: judged, kind: 'updated' as const })),
        newReports: [],
        candidatesIn: isSpeedCandidate(changed) && moves ? [changed] : [],
        candidatesOut: !isSpeedCandidate(changed) && moves ? [reportId] : [],
        rejudged,
        revisions: 1 + neighbours.length,
      };
      if ((await this.apply(caravanId, plan)) !== null) return judgedSelf;
    }
    throw new Error(`visibility change of report ${reportId} kept racing with other writes`);
  }

  /** Each caravan's tail as this process last wrote it (see TrackTail); dropped when unsure. */
  private readonly tails = new Map<string, TrackTail>();

  insertReport(report: Report): Promise<InsertResult> {
    return this.insertInBatches(report.caravanId, report);
  }

  /**
   * Inserts a batch of one caravan's reports, under the caravan's turn. When the new reports all
   * come after the caravan's tail as this process wrote it last, or will have once its batches in
   * flight land, they are judged against it and sent at once, without a read (see TrackTail), and
   * the turn passes on while they are in flight (at most BATCHES_IN_FLIGHT batches). Otherwise, or
   * when that write is refused, the batch waits for the batches before it and then reads what is
   * stored and the window around its new speed candidates in one script, judges the window again
   * with them in it, and writes all of it with one script, which refuses if the caravan changed in
   * between (another instance); then it reads again. A report whose id comes twice in the batch
   * lands once, and the second answers as its duplicate. Batches answer in the order they started.
   */
  private async insertReports(caravanId: string, reports: Report[], releaseTurn: () => void): Promise<InsertResult[]> {
    await this.ensureLayout(caravanId);
    const { distinct, answer } = distinctOf(reports);
    const tail = this.tails.get(caravanId);
    const appended = tail && this.appendsTo(tail, distinct) ? this.sendAppend(caravanId, tail, distinct) : null;
    // Awaited only after the batches before it: a failure meanwhile must not count as unhandled.
    appended?.catch(() => {});
    const inFlight = this.inFlight.get(caravanId) ?? [];
    const before = inFlight.at(-1);
    const done = (async () => {
      await before?.catch(() => {});
      const landed = await appended;
      return landed ? answer(landed, []) : this.insertReadingFirst(caravanId, distinct, answer);
    })();
    this.trackInFlight(caravanId, inFlight, done);
    while (inFlight.length >= BATCHES_IN_FLIGHT) await inFlight[0]!.catch(() => {});
    releaseTurn();
    return done;
  }

  /** Keeps `done` among the caravan's batches in flight until it settles. */
  private trackInFlight(caravanId: string, inFlight: Array<Promise<unknown>>, done: Promise<unknown>): void {
    inFlight.push(done);
    this.inFlight.set(caravanId, inFlight);
    const settled = () => {
      inFlight.splice(inFlight.indexOf(done), 1);
      if (inFlight.length === 0 && this.inFlight.get(caravanId) === inFlight) this.inFlight.delete(caravanId);
    };
    done.then(settled, settled);
  }

  /**
   * Judges `reports` against the tail and sends them, and keeps the tail they will leave as the
   * caravan's, so the next batch can be planned on it before they land; the reports as stored, or
   * null when the script refused (then the tail, and every tail planned on it, is wrong: dropped).
   */
  private sendAppend(caravanId: string, tail: TrackTail, reports: readonly Report[]): Promise<Report[] | null> {
    const window: TrackWindow = { ...tail, atEnd: true, trackAfter: null };
    const { plan, landed, after } = this.plan(tail.revision, tail.writer, reports, window);
    this.tails.set(caravanId, tailOf(String(Number(tail.revision) + 1), plan.writer, after, window));
    return this.apply(caravanId, plan).then((applied) => {
      if (applied !== null) return landed;
      this.tails.delete(caravanId);
      return null;
    });
  }

  /** The slow path of insertReports: read what is stored and the window, plan, write; again while refused. */
  private async insertReadingFirst(
    caravanId: string,
    distinct: Report[],
    answer: ReturnType<typeof distinctOf>['answer'],
  ): Promise<InsertResult[]> {
    for (let attempt = 0; attempt < MAX_INSERT_ATTEMPTS; attempt++) {
      const asked = distinct.map((report) => ({ id: report.id, score: fixTimeMs(report), joins: isSpeedCandidate(report) }));
      const { revision, stored, window } = await this.readWindow(caravanId, asked, []);
      const fresh = distinct.filter((_, index) => !stored[index]);
      if (fresh.length === 0) return answer([], stored);
      const landed = await this.insertPlanned(caravanId, revision, fresh, window);
      if (landed) return answer(landed, stored);
    }
    throw new Error(`insert of ${distinct.length} reports into ${caravanId} kept racing with other inserts`);
  }

  /** Whether every speed candidate of `reports` comes after the tail's last candidate, and the tail holds enough to judge them. */
  private appendsTo(tail: TrackTail, reports: readonly Report[]): boolean {
    if (!tail.atStart && tail.candidates.length < REJUDGE_MARGIN) return false;
    const last = tail.candidates.at(-1);
    return !last || reports.every((report) => !isSpeedCandidate(report) || compareTrackOrder(last, report) < 0);
  }

  /**
   * The change that writes `fresh` (reports not stored in the state planned on) judged in `window`,
   * with what that changes; the reports as they will be stored; and, when the window reaches the
   * track's end, the window's candidates after it, judged, in track order (the tail it leaves).
   */
  private plan(revision: string, expectedWriter: string, fresh: readonly Report[], window: TrackWindow | null) {
    const joining = fresh.filter(isSpeedCandidate);
    const rejudged =
      window && joining.length ? rejudgeWindow(window, { joining, leaving: new Set() }, this.maxSpeedKmh) : NOTHING_REJUDGED;
    const judged = new Map(rejudged.reports.map((report) => [report.id, report]));
    const freshIds = new Set(fresh.map((report) => report.id));
    const landed = fresh.map((report) => judged.get(report.id) ?? report);
    const neighbours = rejudged.reports.filter((report) => !freshIds.has(report.id));
    const plan: PlannedChange = {
      revision,
      expectedWriter,
      writer: this.nextWriter(),
      writes: [
        ...landed.map((report) => ({ report, kind: 'stored' as const })),
        ...neighbours.map((report) => ({ report, kind: 'updated' as const })),
      ],
      newReports: landed,
      candidatesIn: joining,
      candidatesOut: [],
      rejudged,
      revisions: neighbours.length,
    };
    const after = window?.atEnd
      ? [...window.candidates, ...joining].sort(compareTrackOrder).map((report) => judged.get(report.id) ?? report)
      : [];
    return { plan, landed, after };
  }

  /**
   * Judges `fresh` (reports not stored at `revision`, as read) in `window` and writes them with what
   * that changes; the reports as stored, or null when the script refused (the caravan changed since
   * `revision`, or one of them is stored): then the caller reads again. Keeps the caravan's new tail
   * when the window reached the track's end.
   */
  private async insertPlanned(
    caravanId: string,
    revision: string,
    fresh: readonly Report[],
    window: TrackWindow | null,
  ): Promise<Report[] | null> {
    const { plan, landed, after } = this.plan(revision, '', fresh, window);
    this.tails.delete(caravanId);
    const applied = await this.apply(caravanId, plan);
    if (applied === null) return null;
    if (window?.atEnd) this.tails.set(caravanId, tailOf(applied, plan.writer, after, window));
    return landed;
  }

  /** READ_WINDOW_LUA: the stored versions of `asked`, and the window around the new candidates among them and `extraScores`. */
  private async readWindow(
    caravanId: string,
    asked: Array<{ id: string; score: number; joins: boolean }>,
    extraScores: number[],
  ): Promise<WindowRead> {
    const reply = await this.redis.readWindow(
      keys.reports(caravanId),
      keys.candidates(caravanId),
      keys.track(caravanId),
      keys.state(caravanId),
      String(REJUDGE_MARGIN),
      String(asked.length),
      ...asked.flatMap(({ id, score, joins }) => [id, String(score), joins ? '1' : '0']),
      ...extraScores.map(String),
    );
    const [revision, ...rest] = reply as [string, ...string[]];
    const stored = rest.slice(0, asked.length).map(parse);
    const [windowRead, atStart, atEnd, trackBefore, trackAfter, ...candidates] = rest.slice(asked.length);
    const window: TrackWindow | null =
      windowRead === '1'
        ? {
            atStart: atStart === '1',
            atEnd: atEnd === '1',
            trackBefore: parse(trackBefore),
            trackAfter: parse(trackAfter),
            candidates: candidates.map((json) => JSON.parse(json) as Report),
          }
        : null;
    return { revision, stored, window };
  }

  /** APPLY_CHANGE_LUA: the caravan's revision after the change, or null when the script refused it. */
  private async apply(caravanId: string, plan: PlannedChange): Promise<string | null> {
    const byId = new Map<string, Report>();
    for (const { report } of plan.writes) byId.set(report.id, report);
    for (const report of plan.candidatesIn) if (!byId.has(report.id)) byId.set(report.id, report);
    const scored = (ids: readonly string[]) => ids.flatMap((id) => [String(fixTimeMs(byId.get(id)!)), id]);
    const [outcome, revision] = await this.redis.applyChange(
      ...applyChangeKeys(caravanId),
      plan.revision,
      plan.expectedWriter,
      plan.writer,
      String(plan.rejudged.deltaKm),
      String(plan.revisions),
      String(plan.writes.length),
      ...plan.writes.flatMap(({ report }) => [report.id, JSON.stringify(report)]),
      plan.writes.map(({ kind }) => (kind === 'stored' ? 's' : 'u')).join(''),
      String(plan.newReports.length),
      ...scored(plan.newReports.map((report) => report.id)),
      String(plan.candidatesIn.length),
      ...scored(plan.candidatesIn.map((report) => report.id)),
      String(plan.candidatesOut.length),
      ...plan.candidatesOut,
      String(plan.rejudged.joined.length),
      ...scored(plan.rejudged.joined),
      String(plan.rejudged.left.length),
      ...plan.rejudged.left,
    );
    return outcome === 'ok' ? String(revision) : null;
  }

  async takeUnpushed(caravanId: string, relay?: RelayTarget): Promise<UnpushedChanges> {
    const taken: UnpushedChanges = { stored: [], updated: [] };
    for (;;) {
      const reply = await this.redis.takeUnpushed(
        keys.unpushed(caravanId),
        keys.reports(caravanId),
        String(UNPUSHED_PER_TAKE),
        relay?.channel ?? '',
        relay?.origin ?? '',
        caravanId,
      );
      for (let at = 0; at < reply.length; at += 2)
        (reply[at] === 's' ? taken.stored : taken.updated).push(JSON.parse(reply[at + 1]!) as Report);
      if (reply.length < 2 * UNPUSHED_PER_TAKE) return taken;
    }
  }

  async listReports(caravanId: string, { sinceMs, untilMs, limit }: ReportQuery): Promise<Report[]> {
    const ids = await this.redis.zrangebyscore(
      keys.all(caravanId),
      String(sinceMs ?? '-inf'),
      String(untilMs ?? '+inf'),
      'LIMIT',
      0,
      limit,
    );
    return this.reportsById(caravanId, ids);
  }

  async listTrack(caravanId: string, untilMs: number, limit: number): Promise<Report[]> {
    const ids = await this.redis.zrangebyscore(keys.track(caravanId), '-inf', String(untilMs), 'LIMIT', 0, limit);
    return this.reportsById(caravanId, ids);
  }

  /**
   * The reports with these ids, in their order, read in HMGETs of REPORTS_PER_READ ids. One HMGET
   * of a whole large track (an export reads up to a million) would overflow the call stack in
   * ioredis's auto-pipelining, and a single huge reply holds Redis and this process for long.
   */
  private async reportsById(caravanId: string, ids: readonly string[]): Promise<Report[]> {
    const chunks: Promise<(string | null)[]>[] = [];
    for (let first = 0; first < ids.length; first += REPORTS_PER_READ)
      chunks.push(this.redis.hmget(keys.reports(caravanId), ...ids.slice(first, first + REPORTS_PER_READ)));
    const reports: Report[] = [];
    for (const found of await Promise.all(chunks)) for (const json of found) if (json) reports.push(JSON.parse(json) as Report);
    return reports;
  }

  async trackFacts(caravanId: string): Promise<TrackFacts> {
    const [reportCount, newest, [traveled, revisions]] = await replies<[number, string[], (string | null)[]]>(
      this.redis
        .pipeline()
        .hlen(keys.reports(caravanId))
        .zrevrange(keys.track(caravanId), 0, 0, 'WITHSCORES')
        .hmget(keys.state(caravanId), 'traveledKm', 'revisions'),
    );
    const revisionCount = Number(revisions ?? 0);
    const [latestId, latestScore] = newest;
    if (!latestId || latestScore === undefined)
      return { reportCount, latest: null, windowStart: null, traveledKm: 0, revisionCount };
    const windowEnd = Number(latestScore) - SPEED_WINDOW_MS;
    const [beforeWindow, oldest] = await replies<[string[], string[]]>(
      this.redis
        .pipeline()
        .zrevrangebyscore(keys.track(caravanId), windowEnd, '-inf', 'LIMIT', 0, 1)
        .zrange(keys.track(caravanId), '0', '0'),
    );
    const windowId = beforeWindow[0] ?? oldest[0] ?? latestId;
    const [latestJson, windowJson] = await this.redis.hmget(keys.reports(caravanId), latestId, windowId);
    return {
      reportCount,
      latest: parse(latestJson),
      windowStart: parse(windowJson),
      traveledKm: settledKm(Number(traveled ?? 0)),
      revisionCount,
    };
  }
}
