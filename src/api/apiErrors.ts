import { FortressError } from '../core/index.js';

/**
 * Every error code the HTTP API answers with, and its status: the one place both are defined. Clients
 * branch on `code`, never on the message.
 */
export const API_ERROR_STATUS = {
  BAD_REQUEST: 400,
  MALFORMED_JSON: 400,
  VALIDATION_FAILED: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  RATE_LIMITED: 429,
  INTERNAL: 500,
  UNAVAILABLE: 503,
} as const;

export type ApiErrorCode = keyof typeof API_ERROR_STATUS;
export const API_ERROR_CODES = Object.keys(API_ERROR_STATUS) as ApiErrorCode[];

/** One wrong field of a request, named by its path (`quantity`, `headers.idempotency-key`). */
export interface FieldProblem {
  readonly field: string;
  readonly message: string;
}

/** The body of every error response: `{ error: { code, message, field?, problems? } }`. */
export interface ApiErrorBody {
  readonly error: {
    readonly code: ApiErrorCode;
    readonly message: string;
    /** The (first) field at fault, when one is. */
    readonly field?: string;
    /** Every field at fault, when there are several. */
    readonly problems?: readonly FieldProblem[];
  };
}

export interface ApiErrorOptions {
  readonly field?: string;
  readonly problems?: readonly FieldProblem[];
  /** Response headers that go with the error (`Retry-After` on a 429). */
  readonly headers?: Readonly<Record<string, string>>;
}

/** An error the API answers with; thrown anywhere in a route or hook, the server's error handler sends it. */
export class ApiError extends FortressError {
  override readonly code: ApiErrorCode;
  readonly statusCode: number;
  readonly field: string | undefined;
  readonly problems: readonly FieldProblem[] | undefined;
  readonly headers: Readonly<Record<string, string>>;

  constructor(code: ApiErrorCode, message: string, options: ApiErrorOptions = {}) {
    super(code, message);
    this.name = 'ApiError';
    this.code = code;
    this.statusCode = API_ERROR_STATUS[code];
    this.field = options.field;
    this.problems = options.problems;
    this.headers = options.headers ?? {};
  }

  body(): ApiErrorBody {
    return {
      error: {
        code: this.code,
        message: this.message,
        ...(this.field !== undefined ? { field: this.field } : {}),
        ...(this.problems !== undefined ? { problems: this.problems } : {}),
      },
    };
  }
}
