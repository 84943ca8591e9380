import { describe, expect, it } from 'vitest';
import { adminHeaders, createCaravan, stores } from '../helper';
import { useTestApp } from '../use-test-app';

/**
 * Names that show one thing and are another: a right-to-left override turns "Ana" + "eilut" into
 * "Anatulie" on screen; an isolate, a mark or a zero-width character hides or reorders text.
 */
const SPOOFING = {
  'RIGHT-TO-LEFT OVERRIDE': 'Ana \u202Eeilut',
  'LEFT-TO-RIGHT EMBEDDING': '\u202ANight desk',
  'RIGHT-TO-LEFT ISOLATE': 'Caravana \u2067ABC\u2069',
  'RIGHT-TO-LEFT MARK': 'Huixtla\u200F',
  'ARABIC LETTER MARK': '\u061CTapachula',
  'ZERO WIDTH SPACE': 'Ana\u200B',
  'BYTE ORDER MARK': '\uFEFFAna',
  'a line break': 'Ana\nadmin',
};

describe.each(stores)('names on the %s store', (_kind, makeStore) => {
  const setup = useTestApp(makeStore);
  const send = (method: 'POST' | 'PATCH', url: string, payload: object) =>
    setup.app.inject({ method, url, headers: adminHeaders, payload });

  /** 400, naming the field and the rule, and nothing written. */
  function expectRefused(response: Awaited<ReturnType<typeof send>>, field: string): void {
    expect(response.statusCode, response.body).toBe(400);
    const { error } = response.json<{ error: { message: string; details: { field: string; rule: string }[] } }>();
    expect(error.details).toContainEqual(expect.objectContaining({ field, rule: 'pattern' }));
    expect(error.message).toContain(`${field}: `);
  }

  it.each(Object.entries(SPOOFING))('refuses a %s in every name field', async (_character, name) => {
    const caravanId = await createCaravan(setup.app);
    expectRefused(await send('POST', '/api/v1/caravans', { id: `${caravanId}-x`, name }), 'name');
    expectRefused(
      await send('POST', '/api/v1/caravans', {
        id: `${caravanId}-y`,
        name: 'Caravana',
        origin: { name, lng: -92.26, lat: 14.9 },
      }),
      'origin.name',
    );
    expectRefused(await send('PATCH', `/api/v1/caravans/${caravanId}`, { name }), 'name');
    expectRefused(await send('POST', '/api/v1/reporters', { name, caravans: [caravanId] }), 'name');
    expectRefused(await send('POST', '/api/v1/staff', { name, role: 'viewer' }), 'name');
    const reporter = await send('POST', '/api/v1/reporters', { name: 'Ana', caravans: [caravanId] });
    expectRefused(await send('PATCH', `/api/v1/reporters/${reporter.json<{ id: string }>().id}`, { name }), 'name');

    expect(
      (await setup.app.inject({ method: 'GET', url: `/api/v1/caravans/${caravanId}-x`, headers: adminHeaders })).statusCode,
    ).toBe(404);
    const caravan = await setup.app.inject({ method: 'GET', url: `/api/v1/caravans/${caravanId}`, headers: adminHeaders });
    expect(caravan.json<{ caravan: { name: string } }>().caravan.name).not.toBe(name);
  });

  it('keeps accents, other scripts and emoji', async () => {
    const caravanId = await createCaravan(setup.app);
    for (const name of ['Caravana Éxodo — Tapachula 🌎', 'Ñandú (Huehuetán)', 'قافلة', 'Night desk · 夜班'])
      expect((await send('PATCH', `/api/v1/caravans/${caravanId}`, { name })).statusCode, name).toBe(200);
    expect((await send('POST', '/api/v1/staff', { name: 'Redacción nocturna', role: 'viewer' })).statusCode).toBe(201);
  });
});
