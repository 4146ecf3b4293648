import { z } from 'zod';
import { TIMEFRAMES } from '../../core/index.js';
import { paramsSchema } from './schemasStrategy.js';

/** BacktestRequest of control.ts: what `POST /backtests` takes. */
export const backtestRequestSchema = z
  .object({
    strategy: z.string().min(1).max(64).describe('a name from GET /strategies/kinds'),
    params: paramsSchema.optional().describe("the strategy's parameters; its own schema checks them"),
    instruments: z
      .array(z.string().min(1).max(128))
      .min(1)
      .max(1)
      .describe('one instrument: SYMBOL (a CSV file in the data directory), SYMBOL.EXCHANGE, a data file name without extension, or synthetic:SYMBOL'),
    timeframe: z.enum(TIMEFRAMES).optional().describe('of the bars (synthetic bars are made in it; default 1m)'),
    from: z.string().min(10).max(40).optional().describe('ISO 8601 date or time (UTC unless it says otherwise)'),
    to: z.string().min(10).max(40).optional().describe('ISO 8601 date or time'),
    startingCash: z.number().positive().max(1e12).optional().describe('in the account currency; default 100,000'),
  })
  .strict();

const summaryValue = z.union([z.number(), z.string(), z.null()]);

/** The request as a job remembers it (read back from the job index, so not re-checked as strictly). */
const backtestRequestViewSchema = z.object({
  strategy: z.string(),
  params: paramsSchema.optional(),
  instruments: z.array(z.string()).readonly(),
  timeframe: z.string().optional(),
  from: z.string().optional(),
  to: z.string().optional(),
  startingCash: z.number().optional(),
});

/** BacktestJob of control.ts. */
export const backtestJobSchema = z.object({
  id: z.string(),
  state: z.enum(['queued', 'running', 'done', 'failed']),
  request: backtestRequestViewSchema,
  progress: z.number().min(0).max(1).describe('share of the bars replayed'),
  startedAt: z.string().describe('when it was requested (ISO 8601)'),
  finishedAt: z.string().optional(),
  error: z.string().optional().describe('why it failed'),
  requestedBy: z.string(),
  summary: z.record(z.string(), summaryValue).optional().describe('headline statistics once done'),
});

export const backtestListSchema = z.object({ jobs: z.array(backtestJobSchema).readonly().describe('newest first') });

export const backtestIdParamsSchema = z.object({ id: z.string().min(1).max(64) });

export const backtestResultSchema = z.record(z.string(), z.unknown()).describe('result.json: run, stats, risk, trades, openTrades, equity');

export const backtestReportSchema = z.string().describe('report.html: a self-contained page (text/html) with price, trades, equity, drawdown and statistics');
