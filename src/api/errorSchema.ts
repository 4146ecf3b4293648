import { API_ERROR_CODES } from './apiErrors.js';

/** JSON schema of ApiErrorBody: every route lists it for its 4xx/5xx answers (and OpenAPI will show it). */
export const errorResponseSchema = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message'],
      properties: {
        code: { type: 'string', enum: API_ERROR_CODES },
        message: { type: 'string' },
        field: { type: 'string' },
        problems: {
          type: 'array',
          items: { type: 'object', required: ['field', 'message'], properties: { field: { type: 'string' }, message: { type: 'string' } } },
        },
      },
    },
  },
} as const;

/** The error answers every route can give (a body it cannot read, a flood, a fault). */
export const commonErrorResponses = {
  400: errorResponseSchema,
  413: errorResponseSchema,
  415: errorResponseSchema,
  429: errorResponseSchema,
  500: errorResponseSchema,
} as const;
