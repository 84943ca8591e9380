import type { Alert } from '@rumbo/shared';
import { describe, expect, it } from 'vitest';
import { deliveryBody } from '../../src/webhooks/deliveries';
import { signature } from '../../src/webhooks/signature';
import { validSignature } from './receiver';

const alert: Alert = {
  id: 'al-1',
  ruleId: 'us',
  kind: 'crossed_border',
  event: 'triggered',
  caravanId: 'c',
  at: '2024-01-01T00:00:00.000Z',
  figures: { side: 'US' },
  text: '<!channel> Caravana <b>A</b> & co crossed into the United States',
  link: '/?caravan=c',
};

describe('the webhook body', () => {
  it('escapes the chat text so a caravan name cannot ping a channel or format it, and keeps the alert as it is', () => {
    const body = JSON.parse(deliveryBody('dl-1', alert)) as { deliveryId: string; alert: Alert; text: string };
    expect(body.text).toBe('&lt;!channel&gt; Caravana &lt;b&gt;A&lt;/b&gt; &amp; co crossed into the United States');
    expect(body.alert).toEqual(alert);
    expect(body.deliveryId).toBe('dl-1');
  });

  it('links the chat text to the dashboard at the fix when the server knows its address, escaped as the rest of the text (Slack reads &amp; back in a link)', () => {
    const located = { ...alert, link: '/?caravan=c&report=r-1' };
    expect(JSON.parse(deliveryBody('dl-1', located))).not.toHaveProperty('url');
    const body = JSON.parse(deliveryBody('dl-1', located, 'https://rumbo.example.org')) as {
      text: string;
      url: string;
      alert: Alert;
    };
    expect(body.url).toBe('https://rumbo.example.org/?caravan=c&report=r-1');
    expect(body.text).toBe(
      '&lt;!channel&gt; Caravana &lt;b&gt;A&lt;/b&gt; &amp; co crossed into the United States <https://rumbo.example.org/?caravan=c&amp;report=r-1|Open in Rumbo>',
    );
    expect(body.alert).toEqual(located);
  });

  it('signs "<timestamp>.<body>" so that a receiver verifying as the README says accepts it, and refuses a changed body or time', () => {
    const body = deliveryBody('dl-1', alert);
    const headers = { 'x-rumbo-timestamp': '1700000000', 'x-rumbo-signature': signature('whsec_test', 1_700_000_000, body) };
    expect(validSignature('whsec_test', { headers, body })).toBe(true);
    expect(validSignature('whsec_test', { headers, body: body.replace('dl-1', 'dl-2') })).toBe(false);
    expect(validSignature('whsec_test', { headers: { ...headers, 'x-rumbo-timestamp': '1700000001' }, body })).toBe(false);
    expect(validSignature('whsec_other', { headers, body })).toBe(false);
  });
});
