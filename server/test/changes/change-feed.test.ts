import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io as connect } from 'socket.io-client';
import { Server } from 'socket.io';
import type { App } from '../../src/app';
import { createChangeFeed, INSTANCES_NAMESPACE } from '../../src/changes/change-feed';
import { RedisStore } from '../../src/store/redis-store';
import { TEST_REDIS_URL, buildTestApp, closeStore, listen, makeCaravan, newCaravanId } from '../helper';

function localFeed() {
  const errors: Array<{ object: object; message: string }> = [];
  const feed = createChangeFeed({ io: new Server(), log: { error: (object, message) => void errors.push({ object, message }) } });
  return { feed, errors };
}

describe('the change feed on one instance', () => {
  it('runs handlers in the order they subscribed, each started before the next', async () => {
    const { feed } = localFeed();
    const seen: string[] = [];
    let cacheDropped = false;
    feed.onWrite('caravan:changed', () => {
      cacheDropped = true;
      seen.push('first');
    });
    feed.onWrite('caravan:changed', async () => {
      // A later handler (and the writer's next request) already sees what the first did synchronously.
      seen.push(cacheDropped ? 'second saw the drop' : 'second ran too early');
      await new Promise((resolve) => setTimeout(resolve, 10));
      seen.push('second done');
    });
    const published = feed.publish('caravan:changed', { caravan: makeCaravan() });
    expect(seen).toEqual(['first', 'second saw the drop']);
    await published;
    expect(seen.at(-1)).toBe('second done');
  });

  it('logs a failing subscriber without failing the write or the other subscribers', async () => {
    const { feed, errors } = localFeed();
    const told: string[] = [];
    feed.onWrite('reports:stored', () => {
      throw new Error('dashboard push broke');
    });
    feed.onWrite('reports:stored', async () => {
      await Promise.reject(new Error('async push broke'));
    });
    feed.onWrite('reports:stored', ({ caravan }) => void told.push(caravan.id));
    const caravan = makeCaravan();
    await expect(feed.publish('reports:stored', { caravan, reports: [] })).resolves.toBeUndefined();
    expect(told).toEqual([caravan.id]);
    expect(errors.map(({ message }) => message)).toEqual([
      'a subscriber of the change feed failed',
      'a subscriber of the change feed failed',
    ]);
    expect(errors[0]!.object).toMatchObject({ change: 'reports:stored' });
  });

  it('runs a signal on this instance when nothing else is there (embedded store)', async () => {
    const { feed } = localFeed();
    const signalled: string[] = [];
    feed.onSignal('public:changed', ({ caravanId }) => void signalled.push(caravanId));
    await feed.signal('public:changed', { caravanId: 'norte' });
    expect(signalled).toEqual(['norte']);
  });
});

describe('the change feed across two instances on one Redis', () => {
  const stores = [new RedisStore(TEST_REDIS_URL), new RedisStore(TEST_REDIS_URL)];
  let instances: App[];
  let baseUrl: string;
  beforeAll(async () => {
    instances = await Promise.all(stores.map((store) => buildTestApp({ store, config: { redisUrl: TEST_REDIS_URL } })));
    baseUrl = (await Promise.all(instances.map(listen)))[0]!;
  });
  afterAll(async () => {
    await Promise.all(instances.map((app) => app.close()));
    await Promise.all(stores.map(closeStore));
  });

  it('delivers a signal to the other instance, and only the kinds it knows with a valid caravan id', async () => {
    const [a, b] = instances as [App, App];
    const caravanId = newCaravanId();
    const heard: string[] = [];
    b.changes.onSignal('caravan:settings', (signal) => void heard.push(`settings ${signal.caravanId}`));
    // Pub/sub keeps nothing: until B's subscription is in place, a signal reaches nobody there.
    for (let attempt = 0; attempt < 100 && heard.length === 0; attempt++) {
      await a.changes.signal('caravan:settings', { caravanId });
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(heard[0]).toBe(`settings ${caravanId}`);
    heard.length = 0;
    // A message that is not a signal this feed sends: ignored, not run with a bad id.
    a.io.of(INSTANCES_NAMESPACE).serverSideEmit('signal', 'caravan:settings', '../../etc');
    a.io.of(INSTANCES_NAMESPACE).serverSideEmit('signal', 'caravans:drop-all', caravanId);
    await a.changes.signal('caravan:settings', { caravanId: `${caravanId}-after` });
    for (let attempt = 0; attempt < 100 && !heard.includes(`settings ${caravanId}-after`); attempt++)
      await new Promise((resolve) => setTimeout(resolve, 20));
    // Messages arrive in order on one channel: the two bad ones came before, and neither ran.
    expect(heard.filter((line) => !line.endsWith(caravanId))).toEqual([`settings ${caravanId}-after`]);
  });

  it('delivers account:changed with a well-formed account id only', async () => {
    const [a, b] = instances as [App, App];
    const heard: string[] = [];
    b.changes.onSignal('account:changed', ({ accountId }) => void heard.push(accountId));
    // Pub/sub keeps nothing: until B's subscription is in place, a signal reaches nobody there.
    for (let attempt = 0; attempt < 100 && heard.length === 0; attempt++) {
      await a.changes.signal('account:changed', { accountId: 'stf-0000000000' });
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(heard[0]).toBe('stf-0000000000');
    heard.length = 0;
    a.io.of(INSTANCES_NAMESPACE).serverSideEmit('signal', 'account:changed', '*');
    a.io.of(INSTANCES_NAMESPACE).serverSideEmit('signal', 'account:changed', 'stf-0123456789 OR 1=1');
    a.io.of(INSTANCES_NAMESPACE).serverSideEmit('signal', 'hasOwnProperty', 'stf-0123456789');
    await a.changes.signal('account:changed', { accountId: 'stf-0123456789' });
    await expect.poll(() => heard, { timeout: 5_000 }).toContain('stf-0123456789');
    // Messages arrive in order on one channel: the three bad ones came before, and none ran.
    expect(heard.filter((accountId) => accountId !== 'stf-0000000000')).toEqual(['stf-0123456789']);
  });

  it('refuses browsers and phones on the instances namespace', async () => {
    const socket = connect(`${baseUrl}${INSTANCES_NAMESPACE}`, {
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
    });
    const refused = await new Promise<string>((resolve, reject) => {
      socket.once('connect', () => reject(new Error('a client joined the instances namespace')));
      socket.once('connect_error', (error) => resolve(error.message));
    });
    socket.close();
    expect(refused).toBe('not a client namespace');
  });
});
