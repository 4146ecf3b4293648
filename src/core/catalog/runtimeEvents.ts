/** The live node's own life: exchange sessions and the strategies it runs. */
export const TIME_REGIMES = ['OPEN', 'EARLY', 'MID', 'LATE', 'CLOSE', 'CLOSED'] as const;
export type TimeRegime = (typeof TIME_REGIMES)[number];

export interface RuntimeEventPayloads {
  /** An exchange moved from one time regime to the next (CLOSED outside its session). */
  SessionRegimeChanged: {
    readonly exchange: string;
    readonly from: TimeRegime | 'UNKNOWN';
    readonly to: TimeRegime;
    /** Exchange-local date of the session, when inside one. */
    readonly sessionDate?: string;
  };
}

export const RUNTIME_EVENT_VERSIONS: Readonly<Record<keyof RuntimeEventPayloads, number>> = {
  SessionRegimeChanged: 1,
};
