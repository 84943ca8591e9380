/** Who `GET /api/v1/me` says a reporter token belongs to. */
export interface Me {
  id: string;
  name: string;
  role: string;
  caravans?: string[];
  /** The caravans' names by id (servers before names were sent leave it out). */
  caravanNames?: Record<string, string>;
}

/**
 * What the page calls a caravan: its name. Only a profile kept from a server that sent no names
 * leaves the id, until the next verification brings them.
 * @example caravanName({ ..., caravanNames: { 'norte-2024': 'Caravana del norte' } }, 'norte-2024') // 'Caravana del norte'
 */
export const caravanName = (me: Me, caravanId: string) => me.caravanNames?.[caravanId] ?? caravanId;

/** A token kept on the device, and who it was last verified to be (null: not verified yet). */
export interface Session {
  token: string;
  me: Me | null;
}

const TOKEN_KEY = 'rumbo.report.token';
const ME_KEY = 'rumbo.report.me';
const CARAVAN_KEY = 'rumbo.report.caravan';

/**
 * The session kept in localStorage. The last verified profile is kept with the token so the page
 * works offline: a reporter without coverage must still be able to queue reports.
 */
export function storedSession(): Session | null {
  const token = localStorage.getItem(TOKEN_KEY);
  if (!token) return null;
  try {
    return { token, me: JSON.parse(localStorage.getItem(ME_KEY) ?? 'null') as Me | null };
  } catch {
    return { token, me: null };
  }
}

export function saveSession({ token, me }: Session): void {
  localStorage.setItem(TOKEN_KEY, token);
  if (me) localStorage.setItem(ME_KEY, JSON.stringify(me));
  else localStorage.removeItem(ME_KEY);
}

export function clearSession(): void {
  for (const key of [TOKEN_KEY, ME_KEY, CARAVAN_KEY]) localStorage.removeItem(key);
}

/** The caravan reports go to: the one chosen on this device if the reporter still has it, else the first. */
export function chosenCaravan(me: Me): string | null {
  const caravans = me.caravans ?? [];
  const chosen = localStorage.getItem(CARAVAN_KEY);
  return chosen && caravans.includes(chosen) ? chosen : (caravans[0] ?? null);
}

export function chooseCaravan(caravanId: string): void {
  localStorage.setItem(CARAVAN_KEY, caravanId);
}
