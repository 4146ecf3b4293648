/**
 * The market-data side of the distributed benchmark, as its own process: publishes random-walk ticks for 20
 * instruments at a given rate through the Redis Streams publisher, and writes down (wall clock, sub-millisecond:
 * performance.timeOrigin + performance.now()) when the first tick of each instrument in each second went out —
 * the tick that closes the one-second bar a signal comes from.
 * Arguments: <redis url> <ticks per second> <seconds> <market partitions> <out.json>
 */
import { writeFileSync } from 'node:fs';
import { RedisStreamsPublisher, StreamLayout } from '../adapters/index.js';
import { createRandom } from '../core/index.js';

const [url, rateText, secondsText, partitionsText, out] = process.argv.slice(2);
const rate = Number(rateText);
const seconds = Number(secondsText);
const INSTRUMENTS = 20;
const layout = new StreamLayout({ partitions: { market: Number(partitionsText) } });
// The market-data service's own publisher settings (the default flushIntervalMs, 2 ms): flushing on every turn of the
// event loop sent ~1,000 tiny pipelines a second and woke every consumer as often, which no service does.
const publisher = new RedisStreamsPublisher({ url: url!, layout });
const wallMs = (): number => performance.timeOrigin + performance.now();
const ids = Array.from({ length: INSTRUMENTS }, (_, i) => `S${i}.SIM`);
const prices = ids.map(() => 10_000);
const random = createRandom(3);
const triggers: Record<string, number> = {};
const started = performance.now();
let sent = 0;
while (performance.now() - started < seconds * 1000) {
  const due = Math.floor(((performance.now() - started) / 1000) * rate);
  for (; sent < due; sent++) {
    const k = sent % INSTRUMENTS;
    prices[k] = Math.max(100, prices[k]! + (random.next() < 0.5 ? -1 : 1) * (1 + random.int(3)));
    const ts = Date.now();
    const second = `${ids[k]}:${Math.floor(ts / 1000)}`;
    if (triggers[second] === undefined) triggers[second] = wallMs();
    publisher.publishTick({ instrumentId: ids[k]!, ts, price: prices[k]! / 100, size: 10 });
    if (publisher.health().buffered > 50_000) break;
  }
  const behind = Math.floor(((performance.now() - started) / 1000) * rate) - sent;
  if (publisher.health().buffered > 20_000) await publisher.flush(); // offered more than Redis takes: as fast as it does
  // More than a millisecond's ticks already due again (the saturation runs): this process is the bottleneck, so no sleeping.
  else if (behind > rate / 1000) await new Promise((resolve) => setImmediate(resolve));
  // A market-data feed waits for its next ticks rather than spinning: polling with setImmediate kept one of the
  // machine's two cores busy doing nothing, away from the services being measured. A 1 ms timer sends the ticks due
  // in bursts of about rate/1000 (20 at 20,000/s), each stamped when it is handed to the publisher.
  else await new Promise((resolve) => setTimeout(resolve, 1));
}
const publishedMs = performance.now() - started;
await publisher.close();
const used = process.cpuUsage();
writeFileSync(out!, JSON.stringify({ published: sent, publishedMs, triggers, cpuSeconds: (used.user + used.system) / 1e6 }));
