import { ValidationError } from '../../../core/index.js';

export interface CsvProblem {
  readonly file: string;
  /** 1-based; the header is line 1. */
  readonly line: number;
  readonly problem: string;
}

/**
 * Collects what is wrong with a file so one error reports many rows at once. `add` returns true when the
 * limit is reached and reading should stop.
 */
export class CsvProblems {
  private readonly problems: CsvProblem[] = [];

  constructor(
    private readonly file: string,
    private readonly maxProblems: number,
  ) {}

  get count(): number {
    return this.problems.length;
  }

  get full(): boolean {
    return this.problems.length >= this.maxProblems;
  }

  add(line: number, problem: string): boolean {
    if (!this.full) this.problems.push({ file: this.file, line, problem });
    return this.full;
  }

  /** Add one problem and throw at once (problems that make the rest of the file unreadable). */
  fail(line: number, problem: string): never {
    this.add(line, problem);
    return this.throwIfAny() as never;
  }

  throwIfAny(): void {
    if (this.problems.length === 0) return;
    const listed = this.problems.map((p) => `${p.file}:${p.line}: ${p.problem}`);
    const message =
      listed.length === 1
        ? listed[0]!
        : `${this.file}: ${listed.length} problems${this.full ? ` (stopped after ${this.maxProblems})` : ''}:\n  ${listed.join('\n  ')}`;
    throw new ValidationError(message, { file: this.file, problems: [...this.problems] });
  }
}
