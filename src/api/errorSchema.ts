import { z } from 'zod';
import { API_ERROR_CODES } from './apiErrors.js';

/** ApiErrorBody as a schema: every route lists it for its 4xx/5xx answers, and OpenAPI shows it. */
export const errorResponseSchema = z
  .object({
    error: z.object({
      code: z.enum(API_ERROR_CODES as [string, ...string[]]),
      message: z.string(),
      field: z.string().optional(),
      problems: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
    }),
  })
  .describe('An error: a stable code, a message a person can act on, and the field at fault');

/** The error answers every route can give (a body it cannot read, a flood, a fault). */
export const commonErrorResponses = {
  400: errorResponseSchema,
  413: errorResponseSchema,
  415: errorResponseSchema,
  429: errorResponseSchema,
  500: errorResponseSchema,
} as const;

/** What every authenticated route can answer besides its own: no or bad credentials, too weak a role. */
export const authErrorResponses = {
  ...commonErrorResponses,
  401: errorResponseSchema,
  403: errorResponseSchema,
} as const;
