const BASE = '/api/v1';

/** An error as the API wrote it: its code, its message and its details (unmet criteria, problems…). */
export class ApiError extends Error {
  readonly code: string;
  readonly status: number;
  readonly details: Record<string, unknown>;

  constructor(status: number, body: { code?: string; message?: string } & Record<string, unknown>) {
    super(body.message ?? `HTTP ${status}`);
    this.code = body.code ?? 'internal';
    this.status = status;
    this.details = body;
  }
}

export type RequestOptions = { method?: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE'; body?: unknown; ifMatch?: number; signal?: AbortSignal };
export type ApiResponse<T> = { data: T; etag: string | null };

let csrfToken: string | null = null;
const unauthenticatedListeners = new Set<() => void>();

/** The token /auth/login and /auth/me hand out; cookie-authenticated writes must echo it (docs/api.md). */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** Called when any request comes back 401, so the app can show the login page. */
export function onUnauthenticated(listener: () => void): () => void {
  unauthenticatedListeners.add(listener);
  return () => unauthenticatedListeners.delete(listener);
}

export async function request<T>(path: string, options: RequestOptions = {}): Promise<ApiResponse<T>> {
  const method = options.method ?? 'GET';
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['X-CSRF-Token'] = csrfToken;
  if (options.ifMatch !== undefined) headers['If-Match'] = `"${options.ifMatch}"`;
  const response = await fetch(`${BASE}${path}`, {
    method,
    headers,
    credentials: 'same-origin',
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
    signal: options.signal,
  });
  const text = await response.text();
  const json = text ? parseJson(text, response.status) : null;
  if (!response.ok) {
    if (response.status === 401 && !path.startsWith('/auth/login')) for (const listener of unauthenticatedListeners) listener();
    const body = json && typeof json === 'object' && 'error' in json ? (json as { error: Record<string, unknown> }).error : { message: text || response.statusText };
    throw new ApiError(response.status, body as { code?: string; message?: string });
  }
  return { data: json as T, etag: response.headers.get('ETag') };
}

function parseJson(text: string, status: number): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new ApiError(status, { code: 'internal', message: `The server answered ${status} with something that isn't JSON: ${text.slice(0, 200)}` });
  }
}

export const api = {
  get: <T>(path: string, signal?: AbortSignal) => request<T>(path, { signal }).then((r) => r.data),
  post: <T>(path: string, body: unknown) => request<T>(path, { method: 'POST', body }).then((r) => r.data),
  del: <T>(path: string, body?: unknown) => request<T>(path, { method: 'DELETE', body }).then((r) => r.data),
};

/** Builds a query string from the set values only. */
export function query(params: Record<string, string | number | undefined | null>): string {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) if (value !== undefined && value !== null && value !== '') search.set(name, String(value));
  const text = search.toString();
  return text ? `?${text}` : '';
}
