import { Redis, type ChainableCommander, type RedisOptions } from 'ioredis';
import type { Caravan, Report } from '@rumbo/shared';
import { SPEED_WINDOW_MS } from '@rumbo/shared/geo';
import { fillGaps, fixTimeMs, insertionIndex, isOnTrack, legDeltaKm, type GapFill, type TrackGap } from '@rumbo/shared/track';
import { keys } from './keys';
import { batchByKey } from './batch-by-key';
import { INSERT_REPORTS_LUA } from './lua/insert-reports';
import { PLAN_INSERT_LUA } from './lua/plan-insert';
import { PREVIOUS_ON_TRACK_LUA } from './lua/previous-on-track';
import { SET_VISIBILITY_LUA } from './lua/set-visibility';
import { serialByKey } from './serial-by-key';
import type { InsertResult, ReportQuery, TrackFacts, TrackStore } from './track-store';

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

/** A batch insert planned from one read: what is stored already, what is new, where it goes. */
interface InsertPlan extends GapFill {
  stored: Map<string, Report>;
  fresh: Report[];
}

interface RumboRedis extends Redis {
  previousOnTrack(reports: string, track: string, recordedAtMs: string): Promise<string | null>;
  planInsert(reports: string, track: string, count: string, ...idScoreOnTrack: string[]): Promise<string[]>;
  insertReports(
    reports: string,
    all: string,
    track: string,
    state: string,
    deltaKm: string,
    count: string,
    ...reportFields: string[]
  ): Promise<['ok' | 'retry']>;
  setVisibility(
    reports: string,
    track: string,
    state: string,
    id: string,
    readJson: string,
    newJson: string,
    op: 'add' | 'remove' | 'none',
    score: string,
    previous: string,
    next: string,
    deltaKm: string,
  ): Promise<['ok'] | ['retry']>;
}

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

/** The production store: ioredis, an atomic Lua insert, keys hash-tagged per caravan. */
export class RedisStore implements TrackStore {
  readonly kind = 'redis' as const;
  readonly redis: RumboRedis;
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
  private readonly insertInBatches = batchByKey(this.oneInsertPerCaravan, MAX_BATCH_REPORTS, (caravanId, reports: Report[]) =>
    this.insertReports(caravanId, reports),
  );

  constructor(url: string, options: RedisOptions = {}) {
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
    this.redis.defineCommand('previousOnTrack', { numberOfKeys: 2, lua: PREVIOUS_ON_TRACK_LUA });
    this.redis.defineCommand('planInsert', { numberOfKeys: 2, lua: PLAN_INSERT_LUA });
    this.redis.defineCommand('insertReports', { numberOfKeys: 4, lua: INSERT_REPORTS_LUA });
    this.redis.defineCommand('setVisibility', { numberOfKeys: 3, lua: SET_VISIBILITY_LUA });
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
    await this.redis.zadd(keys.caravanIndex, String(Date.parse(caravan.createdAt)), caravan.id);
    return true;
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
   * Reads the report and its track neighbours, then lets the script apply the change only if
   * none of that moved in between (another instance may be writing); else reads again.
   */
  private async setHiddenAtomically(caravanId: string, reportId: string, hidden: boolean): Promise<Report | null> {
    for (let attempt = 0; attempt < MAX_INSERT_ATTEMPTS; attempt++) {
      const json = await this.redis.hget(keys.reports(caravanId), reportId);
      const report = parse(json);
      if (!report || report.hidden === hidden) return report;
      const changed = { ...report, hidden };
      const op = isOnTrack(report) ? 'remove' : isOnTrack(changed) ? 'add' : 'none';
      const score = fixTimeMs(report);
      const [previousId, nextId] =
        op === 'add'
          ? await this.trackNeighboursFor(caravanId, report)
          : op === 'remove'
            ? await this.trackNeighboursOf(caravanId, reportId)
            : ['', ''];
      const deltaKm =
        op === 'none' ? 0 : (op === 'add' ? 1 : -1) * (await this.legDeltaBetween(caravanId, report, previousId, nextId));
      const reply = await this.redis.setVisibility(
        keys.reports(caravanId),
        keys.track(caravanId),
        keys.state(caravanId),
        reportId,
        json!,
        JSON.stringify(changed),
        op,
        String(score),
        previousId,
        nextId,
        String(deltaKm),
      );
      if (reply[0] === 'ok') return changed;
    }
    throw new Error(`visibility change of report ${reportId} kept racing with other writes`);
  }

  /** The ids on either side of a report that is on the track. */
  private async trackNeighboursOf(caravanId: string, reportId: string): Promise<[string, string]> {
    const rank = await this.redis.zrank(keys.track(caravanId), reportId);
    if (rank === null) return ['', ''];
    const around = await this.redis.zrange(keys.track(caravanId), String(Math.max(0, rank - 1)), String(rank + 1));
    const at = around.indexOf(reportId);
    return [around[at - 1] ?? '', around[at + 1] ?? ''];
  }

  insertReport(report: Report): Promise<InsertResult> {
    return this.insertInBatches(report.caravanId, report);
  }

  /**
   * Inserts a batch of one caravan's reports: plans it from one read of what is stored (duplicates,
   * track neighbours), then writes all of it with one script, which refuses if another instance
   * wrote in between; then plans again. A report whose id comes twice in the batch lands once, and
   * the second answers as its duplicate.
   */
  private async insertReports(caravanId: string, reports: Report[]): Promise<InsertResult[]> {
    const firstIndexById = new Map<string, number>();
    reports.forEach((report, index) => {
      if (!firstIndexById.has(report.id)) firstIndexById.set(report.id, index);
    });
    const candidates = [...firstIndexById.values()].map((index) => reports[index]!);
    for (let attempt = 0; attempt < MAX_INSERT_ATTEMPTS; attempt++) {
      const plan = await this.planInsert(caravanId, candidates);
      if (plan.fresh.length === 0 || (await this.applyInsert(caravanId, plan)) === 'ok') {
        return reports.map((report, index) => {
          const stored = plan.stored.get(report.id);
          if (stored) return { duplicate: true, report: stored };
          const first = firstIndexById.get(report.id)!;
          return first === index ? { duplicate: false, report } : { duplicate: true, report: reports[first]! };
        });
      }
    }
    throw new Error(`insert of ${reports.length} reports into ${caravanId} kept racing with other inserts`);
  }

  /** What inserting `candidates` (distinct ids) into the caravan as it is now would do. */
  private async planInsert(caravanId: string, candidates: Report[]): Promise<InsertPlan> {
    const args = candidates.flatMap((report) => [report.id, String(fixTimeMs(report)), isOnTrack(report) ? '1' : '0']);
    const reply = await this.redis.planInsert(keys.reports(caravanId), keys.track(caravanId), String(candidates.length), ...args);
    const neighbours = new Map<string, Report>();
    for (let at = 3 * candidates.length; at < reply.length; at += 2) {
      const neighbour = parse(reply[at + 1]);
      if (neighbour) neighbours.set(reply[at]!, neighbour);
    }
    const stored = new Map<string, Report>();
    const fresh: Report[] = [];
    const gaps = new Map<string, TrackGap>();
    candidates.forEach((report, index) => {
      const [storedJson, previousId, nextId] = reply.slice(3 * index, 3 * index + 3) as [string, string, string];
      if (storedJson) return void stored.set(report.id, JSON.parse(storedJson) as Report);
      fresh.push(report);
      if (!isOnTrack(report)) return;
      const gapKey = `${previousId} ${nextId}`;
      const gap = gaps.get(gapKey) ?? {
        previous: neighbours.get(previousId) ?? null,
        next: neighbours.get(nextId) ?? null,
        filling: [],
      };
      gap.filling.push(report);
      gaps.set(gapKey, gap);
    });
    return { stored, fresh, ...fillGaps([...gaps.values()]) };
  }

  private async applyInsert(caravanId: string, plan: InsertPlan): Promise<'ok' | 'retry'> {
    const args = plan.fresh.flatMap((report) => {
      const onTrack = isOnTrack(report);
      const [previousId, nextId] = plan.expectedNeighbours.get(report.id) ?? ['', ''];
      return [report.id, String(fixTimeMs(report)), JSON.stringify(report), onTrack ? '1' : '0', previousId, nextId];
    });
    const [outcome] = await this.redis.insertReports(
      keys.reports(caravanId),
      keys.all(caravanId),
      keys.track(caravanId),
      keys.state(caravanId),
      String(plan.deltaKm),
      String(plan.fresh.length),
      ...args,
    );
    return outcome;
  }

  /**
   * The ids `report` would sit between on the track, in track order: reports fixed at the same
   * time are placed by id, as the sorted set places them. The script refuses if the track moved.
   */
  private async trackNeighboursFor(caravanId: string, report: Report): Promise<[string, string]> {
    const score = fixTimeMs(report);
    const [before, atSameTime, after] = await replies<[string[], string[], string[]]>(
      this.redis
        .pipeline()
        .zrevrangebyscore(keys.track(caravanId), `(${score}`, '-inf', 'LIMIT', 0, 1)
        .zrangebyscore(keys.track(caravanId), score, score)
        .zrangebyscore(keys.track(caravanId), `(${score}`, '+inf', 'LIMIT', 0, 1),
    );
    const tied = atSameTime.map((id) => ({ id, recordedAt: report.recordedAt }));
    const at = insertionIndex(tied, report);
    return [tied[at - 1]?.id ?? before[0] ?? '', tied[at]?.id ?? after[0] ?? ''];
  }

  /** legDeltaKm of `report` between the track neighbours with these ids ('' for none), read from Redis. */
  private async legDeltaBetween(caravanId: string, report: Report, previousId: string, nextId: string): Promise<number> {
    const ids = [previousId, nextId].filter(Boolean);
    const found = ids.length ? await this.redis.hmget(keys.reports(caravanId), ...ids) : [];
    const previous = previousId ? parse(found.shift()) : null;
    const next = nextId ? parse(found.shift()) : null;
    return legDeltaKm(previous, report, next);
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

  async previousOnTrack(caravanId: string, recordedAtMs: number): Promise<Report | null> {
    return parse(await this.redis.previousOnTrack(keys.reports(caravanId), keys.track(caravanId), String(recordedAtMs)));
  }

  async trackFacts(caravanId: string): Promise<TrackFacts> {
    const [reportCount, newest, [traveled, moderations]] = await replies<[number, string[], (string | null)[]]>(
      this.redis
        .pipeline()
        .hlen(keys.reports(caravanId))
        .zrevrange(keys.track(caravanId), 0, 0, 'WITHSCORES')
        .hmget(keys.state(caravanId), 'traveledKm', 'moderations'),
    );
    const moderationCount = Number(moderations ?? 0);
    const [latestId, latestScore] = newest;
    if (!latestId || latestScore === undefined)
      return { reportCount, latest: null, windowStart: null, traveledKm: 0, moderationCount };
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
      traveledKm: Number(traveled ?? 0),
      moderationCount,
    };
  }
}
