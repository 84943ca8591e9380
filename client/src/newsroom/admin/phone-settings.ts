import type { AccountCreated } from '@rumbo/shared';

/** One value to copy, under an i18n label key. */
export interface Setting {
  label: string;
  value: string;
}
/** The settings of one phone app (or page), under an i18n title key. */
export interface SettingsGroup {
  title: string;
  settings: Setting[];
}

/**
 * What a new reporter types into their phone, ready to copy: the reporter page, Traccar Client,
 * OsmAnd and OwnTracks (see the README's "Phone apps"). `origin` is this server as the phone reaches it.
 * @example reporterSettings('https://rumbo.example', created)[0].settings[0].value // 'https://rumbo.example/report#token=…'
 */
export function reporterSettings(origin: string, created: Pick<AccountCreated, 'id' | 'token' | 'deviceId'>): SettingsGroup[] {
  const deviceId = created.deviceId ?? '';
  return [
    {
      title: 'credentials.reporter-page',
      settings: [{ label: 'credentials.link', value: `${origin}/report#token=${encodeURIComponent(created.token)}` }],
    },
    {
      title: 'credentials.account',
      settings: [
        { label: 'credentials.account-id', value: created.id },
        { label: 'credentials.token', value: created.token },
        { label: 'credentials.device-id', value: deviceId },
      ],
    },
    {
      title: 'credentials.traccar',
      settings: [
        { label: 'credentials.server-url', value: `${origin}/ingest/osmand` },
        { label: 'credentials.device-identifier', value: deviceId },
      ],
    },
    {
      title: 'credentials.osmand',
      settings: [
        {
          label: 'credentials.web-address',
          value: `${origin}/ingest/osmand?id=${deviceId}&lat={0}&lon={1}&timestamp={2}&hdop={3}&altitude={4}&speed={5}&bearing={6}`,
        },
      ],
    },
    {
      title: 'credentials.owntracks',
      settings: [
        { label: 'credentials.mode', value: 'HTTP' },
        { label: 'credentials.url', value: `${origin}/ingest/owntracks` },
        { label: 'credentials.username', value: created.id },
        { label: 'credentials.password', value: created.token },
      ],
    },
  ];
}

/** What a new newsroom account needs: the token and where to use it. */
export function staffSettings(origin: string, created: Pick<AccountCreated, 'id' | 'token'>): SettingsGroup[] {
  return [
    {
      title: 'credentials.account',
      settings: [
        { label: 'credentials.account-id', value: created.id },
        { label: 'credentials.token', value: created.token },
        { label: 'credentials.dashboard', value: `${origin}/` },
      ],
    },
  ];
}
