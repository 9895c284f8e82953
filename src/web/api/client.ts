/**
 * The one way the web talks to the server. Every error body is
 * `{"error":{"code","message","details"?}}`; it becomes an ApiError so pages can show the
 * server's Chinese message and map details to form fields.
 */
export type ErrorDetail = { path?: string; row?: number; column?: string; message: string };

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: ErrorDetail[];

  constructor(status: number, code: string, message: string, details: ErrorDetail[] = []) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.details = details;
  }
}

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

let csrfToken = '';
let onUnauthenticated: () => void = () => {};

/** Set by the auth provider after sign-in and after each /api/auth/me. */
export function setCsrfToken(token: string): void {
  csrfToken = token;
}

/** Whether a user is signed in on this page (the auth provider has set a session's token). */
export function hasSession(): boolean {
  return csrfToken !== '';
}

/** Called when the session has ended (401 UNAUTHENTICATED): the app goes to the login page. */
export function setUnauthenticatedHandler(handler: () => void): void {
  onUnauthenticated = handler;
}

export type QueryValue = string | number | boolean | null | undefined | readonly (string | number)[];

/** Builds `?a=1&kind=x&kind=y`, leaving out empty values so the server applies its defaults. */
export function queryString(params: Record<string, QueryValue>): string {
  const q = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === null || value === '') continue;
    if (Array.isArray(value)) for (const v of value) q.append(key, String(v));
    else q.append(key, String(value));
  }
  const s = q.toString();
  return s ? `?${s}` : '';
}

const unsafe = new Set(['POST', 'PATCH', 'PUT', 'DELETE']);

async function send(method: string, url: string, body?: BodyInit, contentType?: string): Promise<Response> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (contentType) headers['content-type'] = contentType;
  if (unsafe.has(method) && csrfToken) headers['x-csrf-token'] = csrfToken;
  let res: Response;
  try {
    res = await fetch(url, { method, headers, body: body ?? null, credentials: 'same-origin' });
  } catch {
    throw new ApiError(0, 'NETWORK', '无法连接服务器，请检查网络后重试');
  }
  if (!res.ok) throw await toApiError(res);
  return res;
}

async function toApiError(res: Response): Promise<ApiError> {
  let payload: unknown = null;
  try {
    payload = await res.json();
  } catch {
    // A proxy error page or an empty body: fall through to a generic message.
  }
  const e = (payload as { error?: { code?: string; message?: string; details?: ErrorDetail[] } } | null)?.error;
  const err = new ApiError(
    res.status,
    e?.code ?? `HTTP_${res.status}`,
    e?.message ?? `服务器返回错误（${res.status}），请稍后重试`,
    Array.isArray(e?.details) ? e.details : [],
  );
  // A wrong password also answers 401 (INVALID_CREDENTIALS); only a missing session means "sign in again".
  if (res.status === 401 && err.code === 'UNAUTHENTICATED') onUnauthenticated();
  return err;
}

async function json<T>(res: Response): Promise<T> {
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

export const api = {
  get: async <T>(url: string, params: Record<string, QueryValue> = {}): Promise<T> => json<T>(await send('GET', url + queryString(params))),
  post: async <T>(url: string, body: unknown = {}): Promise<T> => json<T>(await send('POST', url, JSON.stringify(body), 'application/json')),
  patch: async <T>(url: string, body: unknown): Promise<T> => json<T>(await send('PATCH', url, JSON.stringify(body), 'application/json')),
  put: async <T>(url: string, body: unknown): Promise<T> => json<T>(await send('PUT', url, JSON.stringify(body), 'application/json')),
  del: async <T = void>(url: string): Promise<T> => json<T>(await send('DELETE', url)),
  /** Sends a file as the raw request body (the server does not take multipart); Excel unless told otherwise. */
  upload: async <T>(url: string, file: Blob, contentType = XLSX_TYPE): Promise<T> => json<T>(await send('POST', url, file, contentType)),
  download,
};

/** Reads `filename*=UTF-8''…` (RFC 5987) first, then a plain `filename="…"`. */
export function filenameFrom(disposition: string | null, fallback: string): string {
  if (!disposition) return fallback;
  const star = /filename\*\s*=\s*(?:UTF-8|utf-8)''([^;]+)/.exec(disposition);
  if (star?.[1]) {
    try {
      return decodeURIComponent(star[1].trim());
    } catch {
      // A malformed escape: use the plain name below.
    }
  }
  const plain = /filename\s*=\s*"?([^";]+)"?/.exec(disposition);
  return plain?.[1] ?? fallback;
}

/** Downloads a file answer (xlsx, pdf) and hands it to the browser under the server's file name. */
async function download(url: string, params: Record<string, QueryValue> = {}, fallbackName = 'download.xlsx'): Promise<void> {
  const res = await send('GET', url + queryString(params));
  const blob = await res.blob();
  const name = filenameFrom(res.headers.get('content-disposition'), fallbackName);
  const href = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = href;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  // Revoke later: some browsers start reading the blob only after click() returns.
  setTimeout(() => URL.revokeObjectURL(href), 30_000);
}
