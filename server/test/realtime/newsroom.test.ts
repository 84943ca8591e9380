import { LIMITS, type CaravanSummary, type IngestResult, type NewsroomSnapshot, type Report } from '@rumbo/shared';
import { afterEach, describe, expect, it } from 'vitest';
import { SUMMARY_PUSH_WINDOW_MAX_MS, SUMMARY_PUSH_WINDOW_MS, summaryWindowMs } from '../../src/realtime/newsroom';
import {
  ADMIN_TOKEN,
  HOUR_MS,
  connectNewsroom,
  createCaravan,
  iso,
  newCaravanId,
  nextEvent,
  postReports,
  recordEvents,
  roundTrip,
  stores,
  walk,
  type NewsroomSocket,
} from '../helper';
import { useTestApp } from '../use-test-app';

const START_MS = Date.UTC(2024, 0, 15, 14);

describe.each(stores)('newsroom socket on the %s store', (_kind, makeStore) => {
  const setup = useTestApp(makeStore, { listen: true });
  const sockets: NewsroomSocket[] = [];
  afterEach(() => {
    for (const socket of sockets.splice(0)) socket.close();
  });

  async function connect(token = ADMIN_TOKEN): Promise<NewsroomSocket> {
    const socket = await connectNewsroom(setup.baseUrl, token);
    sockets.push(socket);
    return socket;
  }

  async function join(socket: NewsroomSocket, caravanId: string): Promise<NewsroomSnapshot> {
    const answer = await socket.timeout(5_000).emitWithAck('caravan:join', { caravanId });
    if ('error' in answer) throw new Error(`join failed: ${answer.error.code} ${answer.error.message}`);
    return answer.data;
  }

  it('acks caravan:join with the summary and the whole track in fix-time order', async () => {
    const caravanId = await createCaravan(setup.app);
    const inputs = walk(3, START_MS);
    await postReports(setup.app, caravanId, { reports: [inputs[2], inputs[0], inputs[1]] });
    const socket = await connect();

    const snapshot = await join(socket, caravanId);
    expect(snapshot.track.map((report) => report.id)).toEqual(inputs.map((input) => input.id));
    expect(snapshot.summary.caravan.id).toBe(caravanId);
    expect(snapshot.summary.reportCount).toBe(3);
    expect(snapshot.summary.latest!.id).toBe(inputs[2]!.id);
  });

  it('pushes a report posted over HTTP to both joined sockets: report:new, then caravan:update', async () => {
    const caravanId = await createCaravan(setup.app);
    const [editor, producer] = [await connect(), await connect()];
    await join(editor, caravanId);
    await join(producer, caravanId);
    const seenByEditor = recordEvents(editor);
    const seenByProducer = recordEvents(producer);
    const updates = [nextEvent(editor, 'caravan:update'), nextEvent(producer, 'caravan:update')];

    const posted = await postReports(setup.app, caravanId, { id: 'live-1', lng: -92.5, lat: 15.3, recordedAt: iso(START_MS) });
    const report = posted.json<IngestResult>().accepted[0]!.report!;
    await Promise.all(updates);

    for (const seen of [seenByEditor, seenByProducer]) {
      expect(seen.map((entry) => entry.event)).toEqual(['report:new', 'caravan:update']);
      expect(seen[0]!.payload).toEqual({ caravanId, report });
      const { caravanId: updatedId, summary } = seen[1]!.payload as { caravanId: string; summary: CaravanSummary };
      expect(updatedId).toBe(caravanId);
      expect(summary.reportCount).toBe(1);
      expect(summary.latest).toEqual(report);
      expect(summary.metrics.lastReportAt).toBe(report.recordedAt);
    }
  });

  it('pushes each new report of a batch, then one summary that counts them all', async () => {
    const caravanId = await createCaravan(setup.app);
    const socket = await connect();
    await join(socket, caravanId);
    const seen = recordEvents(socket);
    const update = nextEvent(socket, 'caravan:update');

    const inputs = walk(3, START_MS);
    await postReports(setup.app, caravanId, { reports: [inputs[0], { lat: 95 }, inputs[1], inputs[2]] });
    const { summary } = await update;

    expect(seen.map((entry) => entry.event)).toEqual(['report:new', 'report:new', 'report:new', 'caravan:update']);
    expect(seen.slice(0, 3).map((entry) => (entry.payload as { report: Report }).report.id)).toEqual(
      inputs.map((input) => input.id),
    );
    expect(summary.reportCount).toBe(3);
  });

  it('widens the summary window with the planned route: the longest route allowed gets one summary per burst and another 5 s on', async () => {
    const line = (points: number) => ({
      type: 'LineString' as const,
      coordinates: Array.from({ length: points }, (_, index): [number, number] => [
        -92.2633 - index * 1e-4,
        14.9056 + index * 1e-4,
      ]),
    });
    expect(summaryWindowMs({})).toBe(SUMMARY_PUSH_WINDOW_MS);
    expect(summaryWindowMs({ route: line(400) })).toBe(SUMMARY_PUSH_WINDOW_MS);
    expect(summaryWindowMs({ route: line(LIMITS.routePoints) })).toBe(SUMMARY_PUSH_WINDOW_MAX_MS);

    const caravanId = await createCaravan(setup.app, { route: line(LIMITS.routePoints) });
    const socket = await connect();
    await join(socket, caravanId);
    const seen = recordEvents(socket);
    const inputs = walk(8, START_MS);
    const startedMs = Date.now();
    for (const input of inputs) await postReports(setup.app, caravanId, input);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    await roundTrip(socket);
    const summaries = () =>
      seen
        .filter((entry) => entry.event === 'caravan:update')
        .map((entry) => (entry.payload as { summary: CaravanSummary }).summary);
    expect(seen.filter((entry) => entry.event === 'report:new')).toHaveLength(8);
    if (Date.now() - startedMs < SUMMARY_PUSH_WINDOW_MAX_MS) expect(summaries()).toHaveLength(1);
    await expect.poll(() => summaries().at(-1)?.reportCount, { timeout: SUMMARY_PUSH_WINDOW_MAX_MS + 2_000 }).toBe(8);
    expect(summaries().length).toBeLessThanOrEqual(1 + Math.ceil((Date.now() - startedMs) / SUMMARY_PUSH_WINDOW_MAX_MS));
    expect(summaries().at(-1)!.caravan.route!.coordinates).toHaveLength(LIMITS.routePoints);
  }, 20_000);

  it('merges the summaries of a burst of posts: every report:new, far fewer caravan:update, the last counting all', async () => {
    const caravanId = await createCaravan(setup.app);
    const socket = await connect();
    await join(socket, caravanId);
    const seen = recordEvents(socket);

    const inputs = walk(12, START_MS);
    const startedMs = Date.now();
    await Promise.all(inputs.map((input) => postReports(setup.app, caravanId, input)));
    const pushed = (event: string) => seen.filter((entry) => entry.event === event);
    const summaries = () => pushed('caravan:update').map((entry) => (entry.payload as { summary: CaravanSummary }).summary);
    // The pushes follow the answers (ingest does not wait for them), and the burst's last summary
    // follows its last push by at most one window: on a busy machine that can be after a fixed wait.
    await new Promise((resolve) => setTimeout(resolve, 3 * SUMMARY_PUSH_WINDOW_MS));
    await expect.poll(() => summaries().at(-1)?.reportCount).toBe(12);
    await roundTrip(socket);
    const windows = Math.ceil((Date.now() - startedMs) / SUMMARY_PUSH_WINDOW_MS);

    expect(pushed('report:new')).toHaveLength(12);
    // At most one a window (the first at once): a dozen posts within a few windows give a few summaries.
    expect(summaries().length).toBeLessThanOrEqual(1 + windows);
    expect(summaries().at(-1)!.latest!.id).toBe(inputs.at(-1)!.id);
  });

  it('does not push a duplicate post again', async () => {
    const caravanId = await createCaravan(setup.app);
    const socket = await connect();
    await join(socket, caravanId);
    const seen = recordEvents(socket);
    const report = { id: 'once', lng: -92.5, lat: 15.3, recordedAt: iso(START_MS) };
    const firstUpdate = nextEvent(socket, 'caravan:update');
    expect((await postReports(setup.app, caravanId, report)).statusCode).toBe(201);
    await firstUpdate;

    expect((await postReports(setup.app, caravanId, report)).statusCode).toBe(200);
    expect((await postReports(setup.app, caravanId, { reports: [report, report] })).statusCode).toBe(200);
    // Ingest pushes before it answers, so anything pushed for the re-sends is here after a round trip.
    await roundTrip(socket);
    expect(seen.map((entry) => entry.event)).toEqual(['report:new', 'caravan:update']);
  });

  it('does not push to a socket that did not join the caravan, or joined another', async () => {
    const caravanId = await createCaravan(setup.app);
    const otherCaravanId = await createCaravan(setup.app);
    const [watching, idle, elsewhere] = [await connect(), await connect(), await connect()];
    await join(watching, caravanId);
    await join(elsewhere, otherCaravanId);
    const seenByIdle = recordEvents(idle);
    const seenElsewhere = recordEvents(elsewhere);
    const delivered = nextEvent(watching, 'caravan:update');

    await postReports(setup.app, caravanId, { lng: -92.5, lat: 15.3, recordedAt: iso(START_MS) });
    await delivered;
    await Promise.all([roundTrip(idle), roundTrip(elsewhere)]);

    expect(seenByIdle).toEqual([]);
    expect(seenElsewhere).toEqual([]);
  });

  it('stops pushing after caravan:leave', async () => {
    const caravanId = await createCaravan(setup.app);
    const socket = await connect();
    await join(socket, caravanId);
    expect(await socket.timeout(5_000).emitWithAck('caravan:leave', { caravanId })).toEqual({ data: true });
    const seen = recordEvents(socket);

    await postReports(setup.app, caravanId, { lng: -92.5, lat: 15.3, recordedAt: iso(START_MS + HOUR_MS) });
    await roundTrip(socket);
    expect(seen).toEqual([]);
  });

  it('acks joining an unknown caravan with not_found, and a malformed id with invalid_caravan_id', async () => {
    const socket = await connect();
    const unknown = await socket.timeout(5_000).emitWithAck('caravan:join', { caravanId: newCaravanId() });
    expect(unknown).toEqual({ error: { code: 'not_found', message: expect.any(String) } });
    const malformed = await socket.timeout(5_000).emitWithAck('caravan:join', { caravanId: 'Not A Slug' });
    expect(malformed).toMatchObject({ error: { code: 'invalid_caravan_id' } });
    const missing = await socket.timeout(5_000).emitWithAck('caravan:join', null as never);
    expect(missing).toMatchObject({ error: { code: 'invalid_caravan_id' } });
    expect(socket.connected).toBe(true);
  });

  it('refuses a connection with a wrong token or none (connect_error)', async () => {
    await expect(connectNewsroom(setup.baseUrl, 'not-a-staff-token')).rejects.toThrow(/unauthorized/);
    await expect(connectNewsroom(setup.baseUrl, '')).rejects.toThrow(/unauthorized/);
  });
});
