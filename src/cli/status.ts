import { Command } from 'commander';
import Table from 'cli-table3';
import { busUrlOf, distributedEnvironment, readDeploymentStatus, type DeploymentReport } from '../app/index.js';

/** The report as tables a person reads: services, streams with their groups, dead letters, the store. */
export function formatStatus(report: DeploymentReport, tty = false): string {
  const style = tty ? {} : { style: { head: [], border: [] } };
  const services = new Table({ head: ['service', 'partition', 'instance', 'role', 'health', 'handled', 'pid@host', 'last error / detail'], ...style });
  for (const s of report.services) {
    services.push([s.service, s.partition, s.instance, s.role, s.health, String(s.handled), `${s.pid}@${s.host}`, s.lastError !== '' ? s.lastError : s.detail]);
  }
  const streams = new Table({ head: ['stream', 'length', 'groups: pending / lag'], ...style });
  for (const stream of report.streams) {
    const busy = stream.groups.some((g) => g.pending > 0 || (g.lag ?? 1) > 0);
    if (stream.length === 0 && !busy) continue; // an empty stream every group has caught up with says nothing
    const groups = stream.groups.length === 0 ? '(no group)' : stream.groups.map((g) => `${g.group} ${g.pending} / ${g.lag === null ? '?' : g.lag}`).join(', ');
    streams.push([stream.stream, String(stream.length), groups]);
  }
  const lines = [
    report.services.length === 0 ? 'services: none running (no heartbeat in Redis)' : `services (${report.services.length}):\n${services.toString()}`,
    report.streams.length === 0 ? 'streams: none yet' : `streams:\n${streams.toString()}`,
    `dead letters: ${report.deadLetters}${report.deadLetters > 0 ? ' (messages that could not be read or handled; see the fortress:dead-letter stream)' : ''}`,
  ];
  if (report.store !== undefined) {
    lines.push(report.store.reachable ? `event store: reachable, ${report.store.lastSeq ?? 0} events` : `event store: UNREACHABLE (${report.store.error ?? 'no answer'})`);
  }
  return lines.join('\n\n');
}

/** `fortress status --bus … --store …`: every service of a distributed deployment, its lag and pending counts. */
export function statusCommand(): Command {
  return new Command('status')
    .description('a distributed deployment at a glance: services (heartbeats), lag and pending per stream and group, dead letters, event store')
    .option('--bus <url>', 'Redis: redis://host:6379 (default REDIS_URL)')
    .option('--store <url>', 'PostgreSQL: postgres://user@host:5432/db (default DATABASE_URL; omitted: the store is not checked)')
    .option('--market-partitions <n>', 'market stream partitions of the deployment (default 8)')
    .option('--json', 'print the report as JSON')
    .action(async (flags: { bus?: string; store?: string; marketPartitions?: string; json?: boolean }) => {
      const env = distributedEnvironment();
      const storeUrl = flags.store ?? env.databaseUrl;
      const report = await readDeploymentStatus({
        busUrl: busUrlOf(flags.bus, env), ...(storeUrl !== undefined ? { storeUrl } : {}),
        ...(flags.marketPartitions !== undefined ? { marketPartitions: Number(flags.marketPartitions) } : {}),
      });
      console.log(flags.json === true ? JSON.stringify(report, null, 2) : formatStatus(report, process.stdout.isTTY === true));
      const down = report.services.filter((s) => s.health !== 'ok').length + (report.store?.reachable === false ? 1 : 0);
      process.exitCode = down > 0 ? 1 : 0;
    });
}
