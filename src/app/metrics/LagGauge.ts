import { Gauge, type Registry } from 'prom-client';

/**
 * A lag (now − a timestamp) as a gauge with two series: `stat="last"` (the latest observation) and
 * `stat="max"` (the largest since the previous scrape, so a spike between scrapes is not lost). Observing is
 * two number writes; prom-client's own `set` hashes labels on every call, so the gauge is filled at scrape.
 */
export class LagGauge {
  private lastMs = 0;
  private maxMs = 0;
  private seen = false;

  constructor(name: string, help: string, registry: Registry) {
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- prom-client binds `this` of collect to the gauge
    const lag = this;
    new Gauge({
      name,
      help,
      labelNames: ['stat'] as const,
      registers: [registry],
      collect() {
        this.set({ stat: 'last' }, lag.lastMs / 1000);
        this.set({ stat: 'max' }, (lag.seen ? lag.maxMs : lag.lastMs) / 1000);
        lag.seen = false;
        lag.maxMs = 0;
      },
    });
  }

  observe(lagMs: number): void {
    this.lastMs = lagMs;
    if (!this.seen || lagMs > this.maxMs) this.maxMs = lagMs;
    this.seen = true;
  }
}
