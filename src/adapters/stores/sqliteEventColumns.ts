/**
 * How a batch lays out each event (SqliteEventBatch writes it, SqliteEventWriter reads it). A module of its own
 * with no imports: the writer thread loads it, and must not load core for two numbers (a slower start of the
 * thread and more of its memory).
 */

/** Text columns per event in `strings`, in this order (see SqliteEventWriter). */
export const STRINGS_PER_EVENT = 8;
/** Number columns per event in `numbers`: version, ts. */
export const NUMBERS_PER_EVENT = 2;
