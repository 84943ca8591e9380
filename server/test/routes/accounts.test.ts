import type { Account, AccountCreated } from '@rumbo/shared';
import { describe, expect, it } from 'vitest';
import { RedisStore } from '../../src/store/redis-store';
import { adminHeaders, createCaravan, postReports, stores } from '../helper';
import { useTestApp } from '../use-test-app';

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const AT_TAPACHULA = { lng: -92.2633, lat: 14.9056, recordedAt: '2024-01-01T13:00:00Z' };

describe.each(stores)('accounts on the %s store', (_kind, makeStore) => {
  const setup = useTestApp(makeStore);

  const createReporter = async (body: Record<string, unknown>) =>
    setup.app.inject({ method: 'POST', url: '/api/v1/reporters', headers: adminHeaders, payload: body });
  const createStaff = async (body: Record<string, unknown>) =>
    setup.app.inject({ method: 'POST', url: '/api/v1/staff', headers: adminHeaders, payload: body });

  it('creates a reporter, shows its token and device id once, and lists it without secrets', async () => {
    const caravanId = await createCaravan(setup.app);
    const response = await createReporter({ name: 'Ana en Huixtla', caravans: [caravanId] });
    expect(response.statusCode).toBe(201);
    expect(response.headers['cache-control']).toBe('no-store');
    const created = response.json<AccountCreated>();
    expect(created).toMatchObject({
      name: 'Ana en Huixtla',
      role: 'reporter',
      caravans: [caravanId],
      currentCaravanId: caravanId,
      revokedAt: null,
    });
    expect(created.token).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(created.deviceId).toMatch(/^[a-z2-9]{16}$/);

    const list = await setup.app.inject({ method: 'GET', url: '/api/v1/reporters', headers: adminHeaders });
    const listed = list.json<{ accounts: Account[] }>().accounts.find((account) => account.id === created.id)!;
    expect(listed).toMatchObject({ id: created.id, name: 'Ana en Huixtla' });
    expect(list.body).not.toContain(created.token);
    expect(list.body).not.toContain(created.deviceId!);
    expect(Object.keys(listed).sort()).toEqual([
      'caravans',
      'createdAt',
      'currentCaravanId',
      'id',
      'lastHeartbeatAt',
      'lastPhoneFixAt',
      'name',
      'revokedAt',
      'role',
    ]);
    if (setup.store instanceof RedisStore) {
      const raw = JSON.stringify(await setup.store.redis.hgetall('rumbo:accounts'));
      expect(raw).toContain(created.id);
      expect(raw).not.toContain(created.token);
      expect(raw).not.toContain(created.deviceId!);
    }
  });

  it('lets a reporter post to its caravans only, and not read the newsroom API', async () => {
    const own = await createCaravan(setup.app);
    const other = await createCaravan(setup.app);
    const { token, id } = (await createReporter({ name: 'Luis', caravans: [own] })).json<AccountCreated>();
    const posted = await postReports(setup.app, own, { ...AT_TAPACHULA, id: 'from-luis' }, bearer(token));
    expect(posted.statusCode).toBe(201);
    expect(posted.json().accepted[0].report.reporterId).toBe(id);
    expect((await postReports(setup.app, other, { ...AT_TAPACHULA, id: 'x' }, bearer(token))).statusCode).toBe(403);
    const read = await setup.app.inject({ method: 'GET', url: `/api/v1/caravans/${own}`, headers: bearer(token) });
    expect(read.statusCode).toBe(403);
  });

  it('stops a revoked reporter’s token at once, and restores it when un-revoked', async () => {
    const caravanId = await createCaravan(setup.app);
    const { token, id } = (await createReporter({ name: 'Revoked', caravans: [caravanId] })).json<AccountCreated>();
    const revoke = await setup.app.inject({
      method: 'PATCH',
      url: `/api/v1/reporters/${id}`,
      headers: adminHeaders,
      payload: { revoked: true },
    });
    expect(revoke.statusCode).toBe(200);
    expect(revoke.json<Account>().revokedAt).not.toBeNull();
    const refused = await postReports(setup.app, caravanId, { ...AT_TAPACHULA, id: 'after-revoke' }, bearer(token));
    expect(refused.statusCode).toBe(401);
    await setup.app.inject({
      method: 'PATCH',
      url: `/api/v1/reporters/${id}`,
      headers: adminHeaders,
      payload: { revoked: false },
    });
    const restored = await postReports(setup.app, caravanId, { ...AT_TAPACHULA, id: 'after-restore' }, bearer(token));
    expect(restored.statusCode).toBe(201);
  });

  it('looks a token up once per request, though the rate limit and the role check both need it', async () => {
    const caravanId = await createCaravan(setup.app);
    const { id, token } = (await createReporter({ name: 'Counted', caravans: [caravanId] })).json<AccountCreated>();
    const byTokenHash = setup.app.accounts.byTokenHash.bind(setup.app.accounts);
    let lookups = 0;
    setup.app.accounts.byTokenHash = (tokenHash) => {
      lookups++;
      return byTokenHash(tokenHash);
    };
    try {
      expect((await postReports(setup.app, caravanId, { ...AT_TAPACHULA, id: 'counted' }, bearer(token))).statusCode).toBe(201);
      expect(lookups).toBe(1);
      // Known in this process now: the next request asks nobody, until the account changes.
      expect((await postReports(setup.app, caravanId, { ...AT_TAPACHULA, id: 'counted-2' }, bearer(token))).statusCode).toBe(201);
      expect(lookups).toBe(1);
      setup.app.accounts.forget(id);
      expect((await postReports(setup.app, caravanId, { ...AT_TAPACHULA, id: 'counted-3' }, bearer(token))).statusCode).toBe(201);
      expect(lookups).toBe(2);
    } finally {
      setup.app.accounts.byTokenHash = byTokenHash;
    }
  });

  it('refuses unknown caravans, a current caravan outside the list, and unknown fields, naming the field', async () => {
    const caravanId = await createCaravan(setup.app);
    const unknown = await createReporter({ name: 'X', caravans: [caravanId, 'no-such-caravan'] });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.message).toContain('caravans.1');
    const outside = await createReporter({ name: 'X', caravans: [caravanId], currentCaravanId: 'elsewhere' });
    expect(outside.statusCode).toBe(400);
    expect(outside.json().error.message).toContain('currentCaravanId');
    const extra = await createReporter({ name: 'X', caravans: [caravanId], password: 'x' });
    expect(extra.statusCode).toBe(400);
    expect(extra.json().error.message).toContain('password');
    const none = await createReporter({ name: 'X', caravans: [] });
    expect(none.statusCode).toBe(400);
  });

  it('keeps account management to the admin', async () => {
    const caravanId = await createCaravan(setup.app);
    const { token } = (await createReporter({ name: 'R', caravans: [caravanId] })).json<AccountCreated>();
    const asReporter = await setup.app.inject({
      method: 'POST',
      url: '/api/v1/reporters',
      headers: bearer(token),
      payload: { name: 'Y', caravans: [caravanId] },
    });
    expect(asReporter.statusCode).toBe(403);
    const anonymous = await setup.app.inject({ method: 'GET', url: '/api/v1/reporters' });
    expect(anonymous.statusCode).toBe(401);
  });

  it('creates editors who may post and read, and viewers who may only read', async () => {
    const caravanId = await createCaravan(setup.app);
    const editor = (await createStaff({ name: 'Desk', role: 'editor' })).json<AccountCreated>();
    const viewer = (await createStaff({ name: 'Wall', role: 'viewer' })).json<AccountCreated>();
    expect(editor.deviceId).toBeNull();
    const byEditor = await postReports(setup.app, caravanId, { ...AT_TAPACHULA, id: 'by-editor' }, bearer(editor.token));
    expect(byEditor.statusCode).toBe(201);
    const byViewer = await postReports(setup.app, caravanId, { ...AT_TAPACHULA, id: 'by-viewer' }, bearer(viewer.token));
    expect(byViewer.statusCode).toBe(403);
    expect(
      (await setup.app.inject({ method: 'GET', url: `/api/v1/caravans/${caravanId}`, headers: bearer(viewer.token) })).statusCode,
    ).toBe(200);
    const staff = await setup.app.inject({ method: 'GET', url: '/api/v1/staff', headers: adminHeaders });
    expect(staff.json<{ accounts: Account[] }>().accounts.map((account) => account.id)).toEqual(
      expect.arrayContaining([editor.id, viewer.id]),
    );
  });

  it('marks a reporter’s current caravan among several', async () => {
    const first = await createCaravan(setup.app);
    const second = await createCaravan(setup.app);
    const created = (await createReporter({ name: 'Two', caravans: [first, second] })).json<AccountCreated>();
    expect(created.currentCaravanId).toBeNull();
    const patched = await setup.app.inject({
      method: 'PATCH',
      url: `/api/v1/reporters/${created.id}`,
      headers: adminHeaders,
      payload: { currentCaravanId: second },
    });
    expect(patched.json<Account>().currentCaravanId).toBe(second);
    const wrong = await setup.app.inject({
      method: 'PATCH',
      url: `/api/v1/reporters/${created.id}`,
      headers: adminHeaders,
      payload: { currentCaravanId: 'zzz' },
    });
    expect(wrong.statusCode).toBe(400);
    const missing = await setup.app.inject({
      method: 'PATCH',
      url: '/api/v1/reporters/rep-0000000000',
      headers: adminHeaders,
      payload: { revoked: true },
    });
    expect(missing.statusCode).toBe(404);
  });
});
