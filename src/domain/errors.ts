/**
 * The one error type. Every failure a user can cause carries a code from this closed set,
 * a Chinese message they can act on, and maps to one HTTP status (see `httpStatusOf`).
 */
export const errorCodes = {
  VALIDATION_FAILED: 400,
  BAD_REQUEST: 400,
  UNAUTHENTICATED: 401,
  INVALID_CREDENTIALS: 401,
  CSRF_REJECTED: 403,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  DUPLICATE: 409,
  REQUEST_TIMEOUT: 408,
  PAYLOAD_TOO_LARGE: 413,
  URI_TOO_LONG: 414,
  UNSUPPORTED_MEDIA_TYPE: 415,
  IMPORT_REJECTED: 422,
  ACCOUNT_LOCKED: 423,
  RATE_LIMITED: 429,
  HEADERS_TOO_LARGE: 431,
  INTERNAL: 500,
  SERVICE_BUSY: 503,
} as const;

export type ErrorCode = keyof typeof errorCodes;

export type ErrorDetail = { path?: string; row?: number; column?: string; message: string };

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details: ErrorDetail[] | undefined;

  constructor(code: ErrorCode, message: string, details?: ErrorDetail[]) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.details = details;
  }

  get status(): number {
    return errorCodes[this.code];
  }
}

export const httpStatusOf = (code: ErrorCode): number => errorCodes[code];

export const notFound = (what: string) => new AppError('NOT_FOUND', `${what}不存在或不在您的权限范围内`);
export const forbidden = (message = '您没有执行此操作的权限') => new AppError('FORBIDDEN', message);
