/** Errors carry a stable machine-readable code; messages name what was wrong. */
export class FortressError extends Error {
  readonly code: string;
  readonly details: Readonly<Record<string, unknown>> | undefined;

  constructor(code: string, message: string, details?: Record<string, unknown>) {
    super(message);
    this.name = 'FortressError';
    this.code = code;
    this.details = details;
  }
}

/** A broken invariant (NaN price, impossible state): fail fast, never trade on it. */
export class InvariantError extends FortressError {
  constructor(message: string, details?: Record<string, unknown>) {
    super('INVARIANT_BROKEN', message, details);
    this.name = 'InvariantError';
  }
}

/** Input that does not parse or validate; `where` names the file/line/field. */
export class ValidationError extends FortressError {
  constructor(message: string, details?: Record<string, unknown>) {
    super('VALIDATION_FAILED', message, details);
    this.name = 'ValidationError';
  }
}
