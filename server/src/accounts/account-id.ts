/** Account ids as `newAccountId` makes them: a role prefix (`rep`, `stf`), a dash, ten hex digits. */
export const ACCOUNT_ID_PATTERN = '^[a-z]{3}-[0-9a-f]{10}$';
const accountIdExpression = new RegExp(ACCOUNT_ID_PATTERN);

/** An account id where no route schema checks it: a message from another instance. */
export const isAccountId = (value: unknown): value is string => typeof value === 'string' && accountIdExpression.test(value);
