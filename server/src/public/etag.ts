import { hash } from 'node:crypto';

/** A strong ETag of an answer's bytes: their SHA-256, 27 base64url characters (162 bits). */
export const etagOf = (body: string | Buffer) => `"${hash('sha256', body, 'base64url').slice(0, 27)}"`;
