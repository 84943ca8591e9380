import type { Caravan } from '@rumbo/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCaravanCache } from '../../src/services/caravan-cache';
import type { TrackStore } from '../../src/store/track-store';
import { closeStore, makeCaravan, newCaravanId, stores } from '../helper';

const MAX_AGE_MS = 5_000;

describe.each(stores)('caravan cache on the %s store', (_kind, makeStore) => {
  let store: TrackStore;
  beforeAll(() => {
    store = makeStore();
  });
  afterAll(async () => {
    await closeStore(store);
  });

  /** A cache on a clock the test moves, and a caravan with a planned route in the store. */
  async function setup() {
    const clock = { nowMs: 0 };
    const caravans = createCaravanCache(store, { maxAgeMs: MAX_AGE_MS, now: () => clock.nowMs });
    const caravan: Caravan = {
      ...makeCaravan(),
      route: {
        type: 'LineString',
        coordinates: [
          [-92.2633, 14.9056],
          [-99.5161, 27.4769],
        ],
      },
    };
    expect(await store.createCaravan(caravan)).toBe(true);
    /** Another instance renames it in the store, and its message never arrives here. */
    const renameInStore = (name: string) => store.updateCaravan({ ...caravan, name });
    return { clock, caravans, caravan, renameInStore };
  }

  it('serves one read to every caller until it is maxAgeMs old, then reads the store again', async () => {
    const { clock, caravans, caravan, renameInStore } = await setup();
    const first = await caravans.get(caravan.id);
    expect(first).toEqual(caravan);
    await renameInStore('Renamed elsewhere');
    clock.nowMs = MAX_AGE_MS - 1;
    expect(await caravans.get(caravan.id)).toBe(first);
    clock.nowMs = MAX_AGE_MS;
    expect((await caravans.get(caravan.id))?.name).toBe('Renamed elsewhere');
  });

  it('reads the store again at once after forget', async () => {
    const { caravans, caravan, renameInStore } = await setup();
    await caravans.get(caravan.id);
    await renameInStore('Renamed here');
    caravans.forget(caravan.id);
    expect((await caravans.get(caravan.id))?.name).toBe('Renamed here');
  });

  /** The store's reads, held back after reading until the test lets them go: a read still in flight. */
  function heldReads() {
    let release = () => {};
    const released = new Promise<void>((resolve) => (release = resolve));
    const held: Pick<TrackStore, 'getCaravan'> = {
      async getCaravan(caravanId) {
        const caravan = await store.getCaravan(caravanId);
        await released;
        return caravan;
      },
    };
    return { held, release };
  }

  /** A get whose read of the store is still in flight when the caravan is renamed there and forgotten. */
  async function readOvertakenByForget() {
    const { caravan, renameInStore } = await setup();
    const { held, release } = heldReads();
    const caravans = createCaravanCache(held, { maxAgeMs: MAX_AGE_MS, now: () => 0 });
    const begunBefore = caravans.get(caravan.id);
    await renameInStore('Renamed during the read');
    caravans.forget(caravan.id);
    return { caravan, caravans, begunBefore, release };
  }

  it('does not keep a read that a forget overtook', async () => {
    const { caravan, caravans, begunBefore, release } = await readOvertakenByForget();
    release();
    expect((await begunBefore)?.name).toBe(caravan.name);
    expect((await caravans.get(caravan.id))?.name).toBe('Renamed during the read');
  });

  it('does not let a get after a forget join the read begun before it', async () => {
    const { caravan, caravans, begunBefore, release } = await readOvertakenByForget();
    const begunAfter = caravans.get(caravan.id);
    release();
    expect((await begunBefore)?.name).toBe(caravan.name);
    expect((await begunAfter)?.name).toBe('Renamed during the read');
  });

  it('gives callers that ask at the same time one read, the same object', async () => {
    const { caravans, caravan } = await setup();
    const [a, b] = await Promise.all([caravans.get(caravan.id), caravans.get(caravan.id)]);
    expect(a).toBe(b);
  });

  it('does not remember a caravan that does not exist: created later, it is found at once', async () => {
    const { caravans } = await setup();
    const id = newCaravanId();
    expect(await caravans.get(id)).toBeNull();
    await store.createCaravan(makeCaravan(id));
    expect((await caravans.get(id))?.id).toBe(id);
  });

  it('hands out frozen caravans: a caller cannot change what the others read', async () => {
    const { caravans, caravan } = await setup();
    const cached = (await caravans.get(caravan.id))!;
    expect(() => {
      cached.name = 'Changed by one request';
    }).toThrow(TypeError);
    expect(() => {
      cached.route!.coordinates[0]![0] = 0;
    }).toThrow(TypeError);
    expect((await caravans.get(caravan.id))?.route?.coordinates[0]).toEqual([-92.2633, 14.9056]);
  });
});
