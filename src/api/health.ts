/** How a component (and the node as a whole) is doing: `degraded` still serves, `down` does not. */
export const HEALTH_STATES = ['ok', 'degraded', 'down'] as const;
export type HealthState = (typeof HEALTH_STATES)[number];

export interface ComponentHealth {
  readonly name: string;
  readonly state: HealthState;
  /** Why it is not ok (a stopped feed, trading HALTED by the kill switch…). */
  readonly detail?: string;
}

export interface HealthReport {
  readonly status: HealthState;
  readonly components: readonly ComponentHealth[];
}

/** The node's health is its worst component's; no components is ok (nothing is failing). */
export function healthReport(components: readonly ComponentHealth[]): HealthReport {
  let worst = 0;
  for (const component of components) worst = Math.max(worst, HEALTH_STATES.indexOf(component.state));
  return { status: HEALTH_STATES[worst]!, components };
}
