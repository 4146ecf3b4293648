import { amountToMinor, formatMinor, minorDigitsOf } from '../core/index.js';

const HTML_ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c);
}

/** Thousands separators on the integer part of a decimal string. */
function group(decimal: string): string {
  const [whole = '', fraction] = decimal.split('.');
  const sign = whole.startsWith('-') ? '-' : '';
  const digits = sign ? whole.slice(1) : whole;
  const grouped = digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${sign}${grouped}${fraction === undefined ? '' : `.${fraction}`}`;
}

/** A currency amount with the currency's minor digits, exactly (via minor units): `12,345.60`. */
export function formatMoney(amount: number, currency: string): string {
  return group(formatMinor(amountToMinor(amount, minorDigitsOf(currency)), currency));
}

/** A fraction as a percentage with two decimals: 0.12345 → `12.35 %`. */
export function formatPercent(fraction: number): string {
  return `${(fraction * 100).toFixed(2)} %`;
}

export function formatRatio(value: number | null): string {
  return value === null ? '∞' : value.toFixed(2);
}

/** A price with at least the instrument's decimals, more only when it needs them (a VWAP), at most 4 more. */
export function formatPrice(price: number, pricePrecision: number): string {
  const text = price.toFixed(pricePrecision + 4);
  const point = text.indexOf('.');
  if (point < 0) return text;
  let end = text.length;
  while (end > point + 1 + pricePrecision && text[end - 1] === '0') end--;
  if (end === point + 1) end = point;
  return group(text.slice(0, end));
}

export function formatQuantity(quantity: number): string {
  return group(String(quantity));
}

/** UTC time: `2014-03-05` when `dateOnly`, else `2014-03-05 14:30` (seconds only when not zero). */
export function formatTime(ms: number, dateOnly: boolean): string {
  const text = new Date(ms).toISOString();
  if (dateOnly) return text.slice(0, 10);
  const seconds = text.slice(17, 19);
  return `${text.slice(0, 10)} ${text.slice(11, 16)}${seconds === '00' ? '' : `:${seconds}`}`;
}

/** A duration in the largest sensible unit: `3 d 4 h`, `5 h 20 m`, `45 s`. */
export function formatDuration(ms: number): string {
  if (ms < 60_000) return `${Math.round(ms / 1000)} s`;
  const totalMinutes = Math.round(ms / 60_000);
  const days = Math.floor(totalMinutes / 1440);
  const hours = Math.floor((totalMinutes % 1440) / 60);
  const minutes = totalMinutes % 60;
  if (days > 0) return hours > 0 ? `${days} d ${hours} h` : `${days} d`;
  if (hours > 0) return minutes > 0 ? `${hours} h ${minutes} m` : `${hours} h`;
  return `${minutes} m`;
}
