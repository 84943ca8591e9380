const ID_BYTES = 16;

/**
 * A report id made on the phone when the fix is taken: the idempotency key that makes every
 * resend of the same report harmless. 128 random bits in base64url (22 characters of
 * `[A-Za-z0-9_-]`); getRandomValues works outside secure contexts, unlike randomUUID.
 * @example newReportId() // 'q3Vf0Zt-8kXbJ2mYw1r_Ag'
 */
export function newReportId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(ID_BYTES));
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
}
