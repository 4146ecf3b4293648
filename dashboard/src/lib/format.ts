/**
 * Money arrives as integers of the currency's minor unit with the number of minor digits; it is written
 * exactly (string arithmetic on the integer, no float division), grouped by thousands, with at least two
 * decimals.
 */
export function formatMinor(minor: number, minorDigits: number): string {
  if (!Number.isFinite(minor)) return '—';
  const negative = minor < 0;
  const digits = String(Math.abs(Math.round(minor))).padStart(minorDigits + 1, '0');
  const whole = minorDigits === 0 ? digits : digits.slice(0, -minorDigits);
  let fraction = minorDigits === 0 ? '' : digits.slice(-minorDigits);
  while (fraction.length < 2) fraction += '0';
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${negative ? '-' : ''}${grouped}.${fraction}`;
}

export function formatMoney(minor: number | undefined, minorDigits: number, currency: string): string {
  if (minor === undefined) return '—';
  return `${formatMinor(minor, minorDigits)} ${currency}`;
}

/** `+1,234.50` / `-12.00`: a change, with its sign. */
export function formatSignedMinor(minor: number | undefined, minorDigits: number): string {
  if (minor === undefined) return '—';
  return `${minor > 0 ? '+' : ''}${formatMinor(minor, minorDigits)}`;
}

/** The class a P&L value is drawn with. */
export function pnlClass(value: number | undefined): string {
  if (value === undefined || value === 0) return '';
  return value > 0 ? 'up' : 'down';
}

export function formatNumber(value: number | undefined, maxDecimals = 8): string {
  if (value === undefined || !Number.isFinite(value)) return '—';
  return value.toLocaleString('en-US', { maximumFractionDigits: maxDecimals });
}

export function formatPercent(fraction: number | undefined | null, decimals = 2): string {
  if (fraction === undefined || fraction === null || !Number.isFinite(fraction)) return '—';
  return `${(fraction * 100).toFixed(decimals)} %`;
}

/** Epoch ms or ISO text → `2024-05-01 14:03:12` (UTC, as the node's clock). */
export function formatTime(value: number | string | undefined): string {
  if (value === undefined) return '—';
  const ms = typeof value === 'number' ? value : Date.parse(value);
  if (!Number.isFinite(ms)) return String(value);
  return new Date(ms).toISOString().replace('T', ' ').slice(0, 19);
}

/** Time of day only, for live tails. */
export function formatClock(ms: number): string {
  return new Date(ms).toISOString().slice(11, 23);
}
