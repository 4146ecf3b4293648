import type { EventQuery } from '../../core/index.js';

export interface PostgresEventQuery {
  readonly text: string;
  readonly values: unknown[];
}

/**
 * The WHERE/ORDER/LIMIT answering an EventQuery, appended to `select` (PostgresStatements.selectEvents). Types
 * travel as one array parameter, so the text depends only on which fields are present. An empty list of types
 * matches nothing: the caller answers it without asking the database.
 */
export function buildPostgresEventQuery(select: string, query: EventQuery): PostgresEventQuery {
  const where: string[] = [];
  const values: unknown[] = [];
  const bind = (condition: string, value: unknown): void => {
    values.push(value);
    where.push(condition.replace('?', `$${values.length}`));
  };
  if (query.fromSeq !== undefined) bind('seq >= ?', query.fromSeq);
  if (query.toSeq !== undefined) bind('seq <= ?', query.toSeq);
  if (query.fromTs !== undefined) bind('ts >= ?', query.fromTs);
  if (query.toTs !== undefined) bind('ts <= ?', query.toTs);
  if (query.types !== undefined) bind('type = ANY(?::text[])', query.types);
  if (query.correlationId !== undefined) bind('correlation_id = ?', query.correlationId);
  if (query.key !== undefined) bind('key = ?', query.key);
  let text = select;
  if (where.length > 0) text += ` WHERE ${where.join(' AND ')}`;
  text += query.order === 'desc' ? ' ORDER BY seq DESC' : ' ORDER BY seq';
  if (query.limit !== undefined) {
    values.push(query.limit);
    text += ` LIMIT $${values.length}`;
  }
  return { text, values };
}
