import { decimalsOf } from '../../../core/index.js';

const SPACE = 0x20;
const TAB = 0x09;
const QUOTE = 0x22;
const MINUS = 0x2d;
const PLUS = 0x2b;
const DOT = 0x2e;
const POW10: readonly number[] = Array.from({ length: 23 }, (_, i) => 10 ** i);
const SLOW_NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const latin1 = new TextDecoder('latin1');

/**
 * Reads a decimal number straight from the file's bytes. Written by hand because the CSV benchmark showed
 * string splitting plus Number() per field (and general CSV libraries) to be the bottleneck of a load.
 * Up to 15 digits the value is mantissa / 10^decimals: both exact doubles, so the one correctly rounded
 * division gives exactly the double Number(text) would. Longer numbers and exponents take the slow path.
 */
export class DecimalScanner {
  /** Decimals the last number needs to be written exactly (trailing zeros not counted). */
  decimals = 0;

  /** The number in bytes[start, end), or NaN when the field is not a number. */
  scan(bytes: Uint8Array, start: number, end: number): number {
    while (start < end && isBlank(bytes[start]!)) start++;
    while (end > start && isBlank(bytes[end - 1]!)) end--;
    if (start >= end) return Number.NaN;
    let i = start;
    let negative = false;
    const first = bytes[i]!;
    if (first === MINUS) {
      negative = true;
      i++;
    } else if (first === PLUS) {
      i++;
    }
    let mantissa = 0;
    let digits = 0;
    let fractionDigits = -1;
    let needed = 0;
    for (; i < end; i++) {
      const d = bytes[i]! - 48;
      if (d >= 0 && d <= 9) {
        mantissa = mantissa * 10 + d;
        digits++;
        if (fractionDigits >= 0) {
          fractionDigits++;
          if (d !== 0) needed = fractionDigits;
        }
      } else if (d === DOT - 48 && fractionDigits < 0) {
        fractionDigits = 0;
      } else {
        return this.scanSlow(bytes, start, end);
      }
    }
    if (digits === 0) return Number.NaN;
    if (digits > 15) return this.scanSlow(bytes, start, end);
    this.decimals = needed;
    const value = fractionDigits > 0 ? mantissa / POW10[fractionDigits]! : mantissa;
    return negative ? -value : value;
  }

  private scanSlow(bytes: Uint8Array, start: number, end: number): number {
    let text = latin1.decode(bytes.subarray(start, end)).trim();
    if (text.length >= 2 && text.charCodeAt(0) === QUOTE && text.charCodeAt(text.length - 1) === QUOTE) {
      text = text.slice(1, -1).trim();
    }
    if (!SLOW_NUMBER.test(text)) return Number.NaN;
    const value = Number(text);
    if (!Number.isFinite(value)) return Number.NaN;
    this.decimals = decimalsOf(value);
    return value;
  }
}

function isBlank(byte: number): boolean {
  return byte === SPACE || byte === TAB;
}
