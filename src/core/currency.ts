/** ISO-4217 minor-unit digits of the currencies Fortress trades; unknown codes default to 2. */
const MINOR_DIGITS: Readonly<Record<string, number>> = {
  USD: 2, EUR: 2, GBP: 2, INR: 2, CHF: 2, CAD: 2, AUD: 2, HKD: 2, SGD: 2, CNY: 2,
  JPY: 0, KRW: 0, BHD: 3, KWD: 3,
};

export function minorDigitsOf(currency: string): number {
  return MINOR_DIGITS[currency] ?? 2;
}

/** Format minor units as a decimal string with the currency's digits, exactly (no float rounding). */
export function formatMinor(minor: number, currency: string): string {
  const digits = minorDigitsOf(currency);
  const negative = minor < 0;
  const abs = String(Math.abs(minor)).padStart(digits + 1, '0');
  const whole = digits === 0 ? abs : abs.slice(0, -digits);
  const fraction = digits === 0 ? '' : `.${abs.slice(-digits)}`;
  return `${negative ? '-' : ''}${whole}${fraction}`;
}
