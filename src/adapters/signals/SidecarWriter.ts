import { appendFile, rename, rm } from 'node:fs/promises';
import type { SignalFileRowProblem } from './signalFileTypes.js';

/**
 * The `<name>.errors.txt` beside a file moved to `errors/`: one line per line of the file that could not be
 * read, naming it, why, and the line as written. Written piece by piece to a temporary file (a 50 MB file of
 * bad rows does not build its report in memory), then moved next to the file.
 */
export class SidecarWriter {
  private badLines = 0;

  constructor(
    private readonly tmpPath: string,
    private readonly fileName: string,
  ) {}

  get count(): number {
    return this.badLines;
  }

  async reset(): Promise<void> {
    this.badLines = 0;
    await rm(this.tmpPath, { force: true });
  }

  async add(problems: readonly SignalFileRowProblem[]): Promise<void> {
    if (problems.length === 0) return;
    let text = this.badLines === 0 ? `# ${this.fileName}: lines that could not be read (line N: why | the line as written); every other row was delivered.\n` : '';
    for (const p of problems) text += `line ${p.line}: ${p.reason}${p.raw === undefined ? '' : ` | ${p.raw}`}\n`;
    this.badLines += problems.length;
    await appendFile(this.tmpPath, text);
  }

  /** A report for a file that was not read at all (too large). */
  async whole(reason: string): Promise<void> {
    await this.reset();
    await appendFile(this.tmpPath, `# ${this.fileName}: not read: ${reason}\n`);
  }

  /** Close with a summary line and move the report to `targetPath`. */
  async finish(targetPath: string, summary: string): Promise<void> {
    await appendFile(this.tmpPath, `# ${summary}\n`);
    await rename(this.tmpPath, targetPath);
  }
}
