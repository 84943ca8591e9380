import { Type, type Static } from 'typebox';
import { CaravanId, DisplayName, IsoTime } from './common';

export const AccountRole = Type.Union([Type.Literal('reporter'), Type.Literal('editor'), Type.Literal('viewer')]);
export type AccountRole = Static<typeof AccountRole>;

/** An account as the API shows it: never its secrets, which exist only as hashes. */
export const Account = Type.Object({
  id: Type.String(),
  name: Type.String(),
  role: AccountRole,
  /** Reporters: the caravans they may post to. Staff read every caravan. */
  caravans: Type.Array(CaravanId),
  /** Reporters: where phone-app reports go when they may post to several caravans. */
  currentCaravanId: Type.Union([CaravanId, Type.Null()]),
  createdAt: IsoTime,
  revokedAt: Type.Union([IsoTime, Type.Null()]),
  /** Reporters: when a phone app last said it is alive without a fix (a heartbeat); null if never. */
  lastHeartbeatAt: Type.Union([IsoTime, Type.Null()]),
  /** Reporters: when a fix from a phone app was last stored; null if never. */
  lastPhoneFixAt: Type.Union([IsoTime, Type.Null()]),
});
export type Account = Static<typeof Account>;

export const ReporterInput = Type.Object(
  {
    name: DisplayName,
    caravans: Type.Array(CaravanId, { minItems: 1, maxItems: 100, uniqueItems: true }),
    currentCaravanId: Type.Optional(CaravanId),
  },
  { additionalProperties: false },
);
export type ReporterInput = Static<typeof ReporterInput>;

export const StaffInput = Type.Object(
  { name: DisplayName, role: Type.Union([Type.Literal('editor'), Type.Literal('viewer')]) },
  { additionalProperties: false },
);
export type StaffInput = Static<typeof StaffInput>;

export const AccountPatch = Type.Object(
  {
    name: Type.Optional(DisplayName),
    caravans: Type.Optional(Type.Array(CaravanId, { minItems: 1, maxItems: 100, uniqueItems: true })),
    currentCaravanId: Type.Optional(Type.Union([CaravanId, Type.Null()])),
    /** true revokes every credential of the account at once; false restores them. */
    revoked: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type AccountPatch = Static<typeof AccountPatch>;

/** The answer to creating an account: the only time its secrets are shown. */
export const AccountCreated = Type.Intersect([
  Account,
  Type.Object({ token: Type.String(), deviceId: Type.Union([Type.String(), Type.Null()]) }),
]);
export type AccountCreated = Static<typeof AccountCreated>;

/** A list of accounts of one kind (reporters, or staff), oldest first. */
export const AccountList = Type.Object({ accounts: Type.Array(Account) });
export type AccountList = Static<typeof AccountList>;

/** Who a token belongs to; `caravans` and their names only for reporters. */
export const Me = Type.Object({
  id: Type.String(),
  name: Type.String(),
  role: Type.Union([Type.Literal('admin'), AccountRole]),
  caravans: Type.Optional(Type.Array(CaravanId)),
  /** The name of each of `caravans` that exists, by id: what the reporter page shows instead of ids. */
  caravanNames: Type.Optional(Type.Record(Type.String(), Type.String())),
});
export type Me = Static<typeof Me>;

/** Reporter ids (as reports carry them) → the names to show. */
export const ReporterNames = Type.Object({ names: Type.Record(Type.String(), Type.String()) });
export type ReporterNames = Static<typeof ReporterNames>;
