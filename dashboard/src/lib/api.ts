import { session } from './session.svelte.js';

/** An answer other than 2xx, with the API's stable code and the field at fault when it named one. */
export class ApiRequestError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'ApiRequestError';
  }
}

interface ErrorBody {
  readonly error?: { readonly code?: string; readonly message?: string; readonly field?: string };
}

type Query = Readonly<Record<string, string | number | boolean | undefined>>;

function withQuery(path: string, query: Query | undefined): string {
  if (query === undefined) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined && value !== '') params.set(key, String(value));
  const text = params.toString();
  return text === '' ? path : `${path}?${text}`;
}

async function failure(response: Response): Promise<ApiRequestError> {
  let body: ErrorBody = {};
  try {
    body = (await response.json()) as ErrorBody;
  } catch {
    // not JSON (a proxy's page): the status says enough
  }
  const code = body.error?.code ?? `HTTP_${response.status}`;
  const message = body.error?.message ?? `${response.status} ${response.statusText}`;
  return new ApiRequestError(response.status, code, message, body.error?.field);
}

/**
 * Calls the node's API as the logged-in user. A 401 ends the session (the app shows the login page again);
 * every other failure is thrown as an ApiRequestError for the page to show.
 */
async function call<T>(method: string, path: string, body?: unknown, query?: Query, accept = 'application/json'): Promise<T> {
  const headers: Record<string, string> = { accept };
  if (session.token !== undefined) headers['authorization'] = `Bearer ${session.token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(withQuery(path, query), {
    method,
    headers,
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  if (response.status === 401 && session.token !== undefined) {
    const error = await failure(response);
    session.clear(`Signed out: ${error.message}`);
    throw error;
  }
  if (!response.ok) throw await failure(response);
  if (accept !== 'application/json') return (await response.text()) as T;
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}

export const api = {
  get: <T>(path: string, query?: Query): Promise<T> => call<T>('GET', path, undefined, query),
  getText: (path: string): Promise<string> => call<string>('GET', path, undefined, undefined, 'text/html'),
  post: <T>(path: string, body: unknown = {}): Promise<T> => call<T>('POST', path, body),
  patch: <T>(path: string, body: unknown): Promise<T> => call<T>('PATCH', path, body),
  del: <T>(path: string): Promise<T> => call<T>('DELETE', path),
};

/** A message for a person: the API's message and, when it named one, the field. */
export function describeError(error: unknown): string {
  if (error instanceof ApiRequestError) return error.field !== undefined ? `${error.message} (${error.field})` : error.message;
  if (error instanceof Error) return error.message;
  return String(error);
}
