import type { FastifyError, FastifySchemaValidationError } from 'fastify';
import { ApiError, type ApiErrorCode, type FieldProblem } from './apiErrors.js';
import { ControlError } from './control.js';

const CONTROL_CODES: Readonly<Record<ControlError['code'], ApiErrorCode>> = {
  NOT_FOUND: 'NOT_FOUND',
  CONFLICT: 'CONFLICT',
  INVALID: 'VALIDATION_FAILED',
  UNAVAILABLE: 'UNAVAILABLE',
};

/**
 * The API error for anything a route, hook or fastify itself threw: our own ApiError as is, a ControlError
 * (a command the node refused) as its code, fastify's
 * schema, body and media-type errors as the matching code, anything else as INTERNAL (whose message
 * never leaks the cause; the server logs it).
 */
export function toApiError(error: unknown, bodyLimitBytes: number, requestId: string): ApiError {
  if (error instanceof ApiError) return error;
  // A command the node refused: its message is written for the person who asked.
  if (error instanceof ControlError) return new ApiError(CONTROL_CODES[error.code], error.message, error.field !== undefined ? { field: error.field } : {});
  const fastifyError = error as Partial<FastifyError> | undefined;
  if (fastifyError?.validation !== undefined) return validationError(fastifyError.validation, fastifyError.validationContext);
  switch (fastifyError?.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new ApiError('PAYLOAD_TOO_LARGE', `request body exceeds the limit of ${bodyLimitBytes} bytes (${formatKib(bodyLimitBytes)})`);
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new ApiError('UNSUPPORTED_MEDIA_TYPE', 'this content type is not accepted here; send application/json');
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new ApiError('MALFORMED_JSON', 'body is empty but content-type is application/json', { field: 'body' });
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return new ApiError('BAD_REQUEST', 'body size does not match Content-Length');
    default:
      break;
  }
  const status = fastifyError?.statusCode;
  if (status !== undefined && status >= 400 && status < 500) {
    return new ApiError(status === 404 ? 'NOT_FOUND' : 'BAD_REQUEST', fastifyError?.message ?? 'bad request');
  }
  return new ApiError('INTERNAL', `internal error (request ${requestId}); it has been logged`);
}

function validationError(issues: readonly FastifySchemaValidationError[], context: string | undefined): ApiError {
  const problems: FieldProblem[] = issues.map((issue) => ({ field: fieldOf(issue, context), message: issue.message ?? issue.keyword }));
  const message = problems.map((p) => `${p.field}: ${p.message}`).join('; ');
  return new ApiError('VALIDATION_FAILED', message, { ...(problems[0] !== undefined ? { field: problems[0].field } : {}), problems });
}

/** `quantity`, `headers.idempotency-key`, `querystring.limit`: the body's fields unprefixed, other parts named. */
function fieldOf(issue: FastifySchemaValidationError, context: string | undefined): string {
  const path = issue.instancePath.split('/').filter(Boolean).join('.');
  const missing = issue.params['missingProperty'];
  const extra = issue.params['additionalProperty'];
  // zod names unknown keys in `keys` (an array); Ajv in `additionalProperty`.
  const keys = issue.params['keys'];
  const unknownKey = Array.isArray(keys) && typeof keys[0] === 'string' ? keys[0] : undefined;
  const leaf = typeof missing === 'string' ? missing : typeof extra === 'string' ? extra : unknownKey;
  const inner = [path, leaf].filter((part) => part !== undefined && part !== '').join('.');
  const prefix = context === undefined || context === 'body' ? '' : context;
  return [prefix, inner].filter((part) => part !== '').join('.') || (prefix === '' ? 'body' : prefix);
}

function formatKib(bytes: number): string {
  return bytes % 1024 === 0 ? `${bytes / 1024} KiB` : `${(bytes / 1024).toFixed(1)} KiB`;
}
