/** Errors and the node's own life. */
export interface SystemEventPayloads {
  ErrorRaised: { readonly component: string; readonly code: string; readonly message: string; readonly details?: Readonly<Record<string, unknown>> };
}

export const SYSTEM_EVENT_VERSIONS: Readonly<Record<keyof SystemEventPayloads, number>> = {
  ErrorRaised: 1,
};
