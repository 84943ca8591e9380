/** An error answer from the API: `{ error: { code, message } }` with its status. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** The ApiError a failed answer carries; its message names the field and the rule. */
export async function apiErrorOf(response: Response): Promise<ApiError> {
  const body = (await response.json().catch(() => null)) as { error?: { code: string; message: string } } | null;
  return new ApiError(response.status, body?.error?.code ?? 'http_error', body?.error?.message ?? `HTTP ${response.status}`);
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
export async function apiSend<T>(method: 'POST' | 'PATCH', path: string, token: string, body: unknown): Promise<T> {
  const response = await fetch(path, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return readAnswer<T>(response);
}
