import { Command } from 'commander';

/** `fortress start` (what `npm start` runs). */
export function startCommand(): Command {
  return new Command('start').description('start the trading node on the embedded default').action(() => {
    console.log('start: not built yet');
  });
}
