import type { EventQuery } from '../../core/index.js';
import { EVENT_COLUMNS } from './parseEventRow.js';

export interface EventQuerySql {
  readonly sql: string;
  readonly params: readonly (string | number)[];
}

/**
 * The SELECT answering an EventQuery. Values travel only as bound parameters; the SQL text depends on which
 * fields are present (and how many types), so callers can cache the prepared statement by its text.
 */
export function buildEventQuerySql(query: EventQuery): EventQuerySql {
  const where: string[] = [];
  const params: (string | number)[] = [];
  if (query.fromSeq !== undefined) {
    where.push('seq >= ?');
    params.push(query.fromSeq);
  }
  if (query.toSeq !== undefined) {
    where.push('seq <= ?');
    params.push(query.toSeq);
  }
  if (query.fromTs !== undefined) {
    where.push('ts >= ?');
    params.push(query.fromTs);
  }
  if (query.toTs !== undefined) {
    where.push('ts <= ?');
    params.push(query.toTs);
  }
  if (query.types !== undefined) {
    // An empty list matches nothing (`IN ()` is not portable SQL, so say it outright).
    if (query.types.length === 0) where.push('0');
    else where.push(`type IN (${query.types.map(() => '?').join(', ')})`);
    params.push(...query.types);
  }
  if (query.correlationId !== undefined) {
    where.push('correlation_id = ?');
    params.push(query.correlationId);
  }
  if (query.key !== undefined) {
    where.push('key = ?');
    params.push(query.key);
  }
  let sql = `SELECT ${EVENT_COLUMNS} FROM events`;
  if (where.length > 0) sql += ` WHERE ${where.join(' AND ')}`;
  sql += query.order === 'desc' ? ' ORDER BY seq DESC' : ' ORDER BY seq';
  if (query.limit !== undefined) {
    sql += ' LIMIT ?';
    params.push(query.limit);
  }
  return { sql, params };
}
