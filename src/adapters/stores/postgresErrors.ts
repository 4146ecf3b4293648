/** SQLSTATE classes that say "the server or the connection", not "this statement": worth retrying. */
const TRANSIENT_SQLSTATE = /^(08|53|57P|40|55P03|58)/;
const TRANSIENT_NODE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOENT']);
const TRANSIENT_MESSAGES = /connection terminated|connection error|not queryable|timeout exceeded|query read timeout|terminating connection|the database system is (starting up|shutting down)|Connection terminated/i;

/**
 * Whether an error from node-postgres means PostgreSQL could not be reached or went away (retry later), rather
 * than that the statement itself is wrong.
 */
export function isTransientPostgresError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string') {
    if (TRANSIENT_NODE_CODES.has(code)) return true;
    if (/^[0-9A-Z]{5}$/.test(code)) return TRANSIENT_SQLSTATE.test(code);
  }
  if (error instanceof AggregateError) return error.errors.some(isTransientPostgresError);
  return TRANSIENT_MESSAGES.test(error.message);
}

/** One line for logs and health: the message, with the SQLSTATE or system code when there is one. */
export function describePostgresError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const code = (error as { code?: unknown }).code;
  const message = error.message !== '' ? error.message : error instanceof AggregateError ? error.errors.map(describePostgresError).join('; ') : error.name;
  return typeof code === 'string' ? `${message} (${code})` : message;
}
