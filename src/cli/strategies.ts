import { Command } from 'commander';
import Table from 'cli-table3';
import { listStrategies } from '../app/index.js';

export function strategiesCommand(): Command {
  return new Command('strategies').description('list the built-in strategies and their parameters').action(() => {
    const table = new Table({ head: ['strategy', 'parameters', 'description'], wordWrap: true, colWidths: [18, 40, 50] });
    for (const info of listStrategies()) {
      const props = (info.paramsSchema.properties ?? {}) as Record<string, { default?: unknown }>;
      const params = info.paramNames.map((name) => (props[name]?.default !== undefined ? `${name}=${String(props[name].default)}` : name));
      table.push([info.name, params.join(' '), info.description]);
    }
    console.log(table.toString());
  });
}
