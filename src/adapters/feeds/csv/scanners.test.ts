import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { DecimalScanner } from './DecimalScanner.js';
import { TimeScanner } from './TimeScanner.js';

const bytesOf = (text: string): Uint8Array => new TextEncoder().encode(text);

describe('DecimalScanner', () => {
  it('reads every decimal exactly as Number() does', () => {
    const scanner = new DecimalScanner();
    const decimal = fc
      .tuple(fc.boolean(), fc.bigInt({ min: 0n, max: 10n ** 17n }), fc.integer({ min: 0, max: 12 }))
      .map(([negative, digits, decimals]) => {
        const text = digits.toString().padStart(decimals + 1, '0');
        const whole = decimals === 0 ? text : `${text.slice(0, -decimals)}.${text.slice(-decimals)}`;
        return `${negative ? '-' : ''}${whole}`;
      });
    fc.assert(
      fc.property(decimal, (text) => {
        const bytes = bytesOf(text);
        assert.equal(scanner.scan(bytes, 0, bytes.length), Number(text));
      }),
      { numRuns: 2000 },
    );
  });

  it('counts the decimals a number needs, not the ones it is written with', () => {
    const scanner = new DecimalScanner();
    for (const [text, decimals] of [['1.250000', 2], ['3602.00', 0], ['0.000001', 6], ['12', 0]] as const) {
      const bytes = bytesOf(text);
      scanner.scan(bytes, 0, bytes.length);
      assert.equal(scanner.decimals, decimals, text);
    }
  });

  it('gives NaN for text, empty fields and lone signs', () => {
    const scanner = new DecimalScanner();
    for (const text of ['abc', '', ' ', '-', '1.2.3', '1,5', 'null', 'NaN', 'Infinity']) {
      const bytes = bytesOf(text);
      assert.ok(Number.isNaN(scanner.scan(bytes, 0, bytes.length)), text);
    }
  });
});

describe('TimeScanner', () => {
  it('reads every ISO date-time as Date.UTC does', () => {
    const scanner = new TimeScanner(undefined);
    const instant = fc.date({ min: new Date(Date.UTC(1900, 0, 1)), max: new Date(Date.UTC(2199, 11, 31)), noInvalidDate: true });
    fc.assert(
      fc.property(instant, fc.constantFrom(' ', 'T'), (date, joiner) => {
        const text = date.toISOString().slice(0, 23).replace('T', joiner);
        const bytes = bytesOf(text);
        assert.equal(scanner.scan(bytes, 0, bytes.length, -1, -1), date.getTime());
        assert.equal(scanner.absolute, false);
      }),
      { numRuns: 2000 },
    );
  });

  it('refuses impossible dates and times', () => {
    const scanner = new TimeScanner(undefined);
    for (const text of ['2023-02-29', '2024-13-01', '2024-00-10', '2024-01-32', '2024-01-01 24:00', '2024-01-01 12:60', '2024-01-01X12:00', 'yesterday']) {
      const bytes = bytesOf(text);
      assert.ok(Number.isNaN(scanner.scan(bytes, 0, bytes.length, -1, -1)), text);
    }
  });

  it('reads two-digit years with a pivot at 70', () => {
    const scanner = new TimeScanner('DD/MM/YY');
    const bytes = bytesOf('01/03/16');
    assert.equal(scanner.scan(bytes, 0, bytes.length, -1, -1), Date.UTC(2016, 2, 1));
    const old = bytesOf('31/12/99');
    assert.equal(scanner.scan(old, 0, old.length, -1, -1), Date.UTC(1999, 11, 31));
  });
});
