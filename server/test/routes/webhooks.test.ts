import type { AccountCreated, Webhook, WebhookCreated } from '@rumbo/shared';
import { describe, expect, it } from 'vitest';
import { isPrivateAddress } from '../../src/webhooks/webhook-url';
import { adminHeaders, createCaravan, stores } from '../helper';
import { useTestApp } from '../use-test-app';

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

describe.each(stores)('webhooks on the %s store', (_kind, makeStore) => {
  const setup = useTestApp(makeStore);
  const create = (payload: object, headers: Record<string, string> = adminHeaders) =>
    setup.app.inject({ method: 'POST', url: '/api/v1/webhooks', headers, payload });

  it('shows the secret once, at creation, and never again', async () => {
    const caravanId = await createCaravan(setup.app);
    const created = await create({ url: 'http://127.0.0.1:9/hook', caravans: [caravanId] });
    expect(created.statusCode).toBe(201);
    expect(created.headers['cache-control']).toBe('no-store');
    const hook = created.json<WebhookCreated>();
    expect(hook.secret).toMatch(/^whsec_[A-Za-z0-9_-]{32}$/);
    const list = await setup.app.inject({ method: 'GET', url: '/api/v1/webhooks', headers: adminHeaders });
    expect(list.body).not.toContain(hook.secret);
    expect(list.json<{ webhooks: Webhook[] }>().webhooks).toContainEqual({
      id: hook.id,
      url: hook.url,
      caravans: [caravanId],
      createdAt: hook.createdAt,
    });
    const log = await setup.app.inject({ method: 'GET', url: `/api/v1/webhooks/${hook.id}/deliveries`, headers: adminHeaders });
    expect(log.json()).toEqual({ deliveries: [] });
    expect(
      (await setup.app.inject({ method: 'DELETE', url: `/api/v1/webhooks/${hook.id}`, headers: adminHeaders })).statusCode,
    ).toBe(204);
    expect(
      (await setup.app.inject({ method: 'GET', url: `/api/v1/webhooks/${hook.id}/deliveries`, headers: adminHeaders }))
        .statusCode,
    ).toBe(404);
  });

  it('lets only the admin see, create or remove webhooks', async () => {
    const editor = (
      await setup.app.inject({
        method: 'POST',
        url: '/api/v1/staff',
        headers: adminHeaders,
        payload: { name: 'E', role: 'editor' },
      })
    ).json<AccountCreated>();
    expect((await create({ url: 'http://127.0.0.1:9/hook', caravans: null }, bearer(editor.token))).statusCode).toBe(403);
    expect((await setup.app.inject({ method: 'GET', url: '/api/v1/webhooks', headers: bearer(editor.token) })).statusCode).toBe(
      403,
    );
    expect((await setup.app.inject({ method: 'GET', url: '/api/v1/webhooks' })).statusCode).toBe(401);
    expect(
      (await setup.app.inject({ method: 'GET', url: '/api/v1/webhooks/wh-0123456789/deliveries', headers: bearer(editor.token) }))
        .statusCode,
    ).toBe(403);
    expect(
      (await setup.app.inject({ method: 'DELETE', url: '/api/v1/webhooks/wh-0123456789', headers: bearer(editor.token) }))
        .statusCode,
    ).toBe(403);
  });

  it('refuses bad input naming the field', async () => {
    const missing = await create({ url: 'https://example.com/hook' });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error.details).toContainEqual(expect.objectContaining({ field: 'caravans', rule: 'required' }));
    const extra = await create({ url: 'https://example.com/hook', caravans: null, secret: 'mine' });
    expect(extra.json().error.details).toContainEqual(expect.objectContaining({ field: 'secret', rule: 'additionalProperties' }));
    expect((await create({ url: 'https://example.com/hook', caravans: ['no-such-caravan'] })).statusCode).toBe(404);
  });
});

describe('webhook URLs without WEBHOOK_ALLOW_PRIVATE', () => {
  const setup = useTestApp(stores[0]![1], { config: { webhookAllowPrivate: false } });
  it.each([
    ['plain http', 'http://example.com/hook', 'must be an https URL'],
    ['loopback', 'https://127.0.0.1/hook', 'private or loopback'],
    ['a private network', 'https://10.1.2.3/hook', 'private or loopback'],
    ['IPv6 loopback', 'https://[::1]/hook', 'private or loopback'],
    ['credentials in the URL', 'https://user:pass@example.com/hook', 'must not carry credentials'],
  ])('refuses %s', async (_what, url, reason) => {
    const answer = await setup.app.inject({
      method: 'POST',
      url: '/api/v1/webhooks',
      headers: adminHeaders,
      payload: { url, caravans: null },
    });
    expect(answer.statusCode).toBe(400);
    expect(answer.json().error.details).toEqual([expect.objectContaining({ field: 'url', rule: 'webhook_url' })]);
    expect(answer.json().error.message).toContain(reason);
  });

  it('judges addresses as an SSRF guard must', () => {
    for (const address of [
      '127.0.0.1',
      '10.0.0.1',
      '172.20.1.1',
      '192.168.1.1',
      '169.254.169.254',
      '::1',
      'fd00::1',
      'fe80::1',
      '::ffff:127.0.0.1',
      '0.0.0.0',
    ])
      expect(isPrivateAddress(address), address).toBe(true);
    for (const address of ['93.184.216.34', '8.8.8.8', '2606:4700::1111', '::ffff:8.8.8.8'])
      expect(isPrivateAddress(address), address).toBe(false);
  });
});
