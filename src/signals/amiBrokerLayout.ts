import { isDecimalText } from './signalFields.js';

/** The AmiBroker signal file's columns, in the order a headerless file uses (seed 000_d6cfeabf3c24aca4). */
export const AMIBROKER_COLUMNS = ['symbol', 'signal_type', 'quantity', 'price', 'timeframe', 'strategy_name'] as const;
export type AmiBrokerColumn = (typeof AMIBROKER_COLUMNS)[number];

const REQUIRED: readonly AmiBrokerColumn[] = ['symbol', 'signal_type', 'quantity', 'strategy_name'];

/** Header names accepted for each column (case, spaces and hyphens do not matter). */
const ALIASES: Readonly<Record<string, AmiBrokerColumn>> = {
  symbol: 'symbol', ticker: 'symbol',
  signal_type: 'signal_type', signal: 'signal_type', action: 'signal_type', side: 'signal_type',
  quantity: 'quantity', qty: 'quantity',
  price: 'price',
  timeframe: 'timeframe', interval: 'timeframe',
  strategy_name: 'strategy_name', strategy: 'strategy_name',
};

/** Field index of each column in a row (-1: the file has no such column) and the row's field count. */
export interface AmiBrokerLayout {
  readonly width: number;
  readonly symbol: number;
  readonly action: number;
  readonly quantity: number;
  readonly price: number;
  readonly timeframe: number;
  readonly strategy: number;
}

export const DEFAULT_AMIBROKER_LAYOUT: AmiBrokerLayout = { width: 6, symbol: 0, action: 1, quantity: 2, price: 3, timeframe: 4, strategy: 5 };

/** Trim, drop surrounding double quotes (AmiBroker's fputs rarely quotes, spreadsheets do). */
export function cleanField(field: string): string {
  const length = field.length;
  if (length === 0) return field;
  const first = field.charCodeAt(0);
  const last = field.charCodeAt(length - 1);
  if (first > 32 && first !== 34 && last > 32 && last !== 34) return field; // the common case: nothing to strip
  const text = field.trim();
  return text.length >= 2 && text.charCodeAt(0) === 34 && text.charCodeAt(text.length - 1) === 34 ? text.slice(1, -1).trim() : text;
}

/** Split a row; one trailing empty field (a trailing comma) is tolerated. */
export function splitRow(line: string): string[] {
  const fields = line.split(',');
  if (fields.length > 1 && fields[fields.length - 1]!.trim() === '') fields.pop();
  for (let i = 0; i < fields.length; i++) fields[i] = cleanField(fields[i]!);
  return fields;
}

/**
 * The layout a header line declares; `undefined` when the line is not a header (no field is a column name, or
 * a field is a number: it is a data row); a reason naming the columns when it is a header we cannot use.
 */
export function headerLayout(fields: readonly string[]): AmiBrokerLayout | string | undefined {
  const names = fields.map((f) => f.toLowerCase().replace(/[\s-]+/g, '_'));
  if (!names.some((n) => n in ALIASES) || fields.some(isDecimalText)) return undefined;
  const index = new Map<AmiBrokerColumn, number>();
  const unknown: string[] = [];
  const repeated: string[] = [];
  names.forEach((name, i) => {
    const column = ALIASES[name];
    if (column === undefined) unknown.push(fields[i] === '' ? `(empty, field ${i + 1})` : `"${fields[i]}"`);
    else if (index.has(column)) repeated.push(column);
    else index.set(column, i);
  });
  const missing = REQUIRED.filter((c) => !index.has(c));
  if (unknown.length + repeated.length + missing.length > 0) {
    const parts = [
      ...(unknown.length > 0 ? [`unknown column ${unknown.join(', ')}`] : []),
      ...(repeated.length > 0 ? [`repeated column ${repeated.join(', ')}`] : []),
      ...(missing.length > 0 ? [`missing column ${missing.join(', ')}`] : []),
    ];
    return `unknown column layout: ${parts.join('; ')} (expected ${AMIBROKER_COLUMNS.join(',')}; price and timeframe may be left out)`;
  }
  return {
    width: fields.length,
    symbol: index.get('symbol')!,
    action: index.get('signal_type')!,
    quantity: index.get('quantity')!,
    price: index.get('price') ?? -1,
    timeframe: index.get('timeframe') ?? -1,
    strategy: index.get('strategy_name')!,
  };
}
