import { ValidationError } from '../../core/index.js';
import type { EventQuery } from '../../core/index.js';

/**
 * Refuse a query no store could answer the same way (a fractional or negative limit, a NaN bound), so the
 * in-memory twin, SQLite and PostgreSQL agree on every query they accept.
 */
export function checkEventQuery(query: EventQuery): void {
  checkInteger(query.fromSeq, 'fromSeq');
  checkInteger(query.toSeq, 'toSeq');
  checkInteger(query.limit, 'limit');
  checkFinite(query.fromTs, 'fromTs');
  checkFinite(query.toTs, 'toTs');
  if (query.order !== undefined && query.order !== 'asc' && query.order !== 'desc') {
    throw new ValidationError(`event query order must be asc or desc, got ${String(query.order)}`, { field: 'order', value: query.order });
  }
}

function checkInteger(value: number | undefined, field: string): void {
  if (value !== undefined && !(Number.isSafeInteger(value) && value >= 0)) {
    throw new ValidationError(`event query ${field} must be a non-negative integer, got ${value}`, { field, value });
  }
}

function checkFinite(value: number | undefined, field: string): void {
  if (value !== undefined && !Number.isFinite(value)) {
    throw new ValidationError(`event query ${field} must be a finite number, got ${value}`, { field, value });
  }
}
