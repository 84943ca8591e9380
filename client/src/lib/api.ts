/** One problem the server found with one field of a body: `km`, `rules.2.name`, `url`. */
export interface FieldProblem {
  field: string;
  rule: string;
  message: string;
}

/** An error answer from the API: `{ error: { code, message, details? } }` with its status. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** On a 400, each field and the rule it breaks: forms show each next to its field. */
    readonly details: readonly FieldProblem[] = [],
  ) {
    super(message);
  }
}

const isFieldProblem = (value: unknown): value is FieldProblem =>
  typeof value === 'object' && value !== null && typeof (value as FieldProblem).field === 'string';

/** The ApiError a failed answer carries; its message names the field and the rule. */
export async function apiErrorOf(response: Response): Promise<ApiError> {
  const body = (await response.json().catch(() => null)) as {
    error?: { code: string; message: string; details?: unknown[] };
  } | null;
  return new ApiError(
    response.status,
    body?.error?.code ?? 'http_error',
    body?.error?.message ?? `HTTP ${response.status}`,
    (body?.error?.details ?? []).filter(isFieldProblem),
  );
}

/** The JSON body of an answer, or the ApiError it carries. */
async function readAnswer<T>(response: Response): Promise<T> {
  if (!response.ok) throw await apiErrorOf(response);
  return (await response.json().catch(() => null)) as T;
}

/** JSON over fetch with the staff token; throws ApiError with the server's message. */
export async function apiGet<T>(path: string, token: string | null): Promise<T> {
  return readAnswer<T>(await fetch(path, { headers: token ? { authorization: `Bearer ${token}` } : {} }));
}

/** A JSON body sent with the staff token (create, update); throws ApiError with the server's message. */
export async function apiSend<T>(method: 'POST' | 'PUT' | 'PATCH', path: string, token: string, body: unknown): Promise<T> {
  const response = await fetch(path, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return readAnswer<T>(response);
}

/** Removes what `path` names with the staff token; throws ApiError with the server's message. */
export async function apiDelete(path: string, token: string): Promise<void> {
  const response = await fetch(path, { method: 'DELETE', headers: { authorization: `Bearer ${token}` } });
  if (!response.ok) throw await apiErrorOf(response);
}
