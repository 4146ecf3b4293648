/** What `fortress status` shows of a publisher or a consumer. */
export interface TransportHealth {
  /** Connected and the last operation succeeded. */
  readonly healthy: boolean;
  readonly connected: boolean;
  readonly lastError?: string;
}
