import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { AmiBrokerSignalParser } from './AmiBrokerSignalParser.js';
import { parseAmiBrokerSignals } from './parseAmiBrokerSignals.js';

const SEED = 'symbol,signal_type,quantity,price,timeframe,strategy_name\nNIFTY24NOVFUT,BUY,50,25000.0,15min,MA_Crossover\nBANKNIFTY24NOVFUT,SELL,25,52000.0,5min,RSI_Strategy\n';

describe('AmiBroker signal file parser', () => {
  it('reads the seed format into signals naming their lines, with canonical timeframes', () => {
    const { signals, problems } = parseAmiBrokerSignals(SEED, 'seed.csv');
    assert.deepEqual(problems, []);
    assert.deepEqual(signals, [
      { line: 2, source: 'seed.csv', symbol: 'NIFTY24NOVFUT', action: 'BUY', quantity: 50, price: 25000, timeframe: '15m', strategy: 'MA_Crossover', raw: 'NIFTY24NOVFUT,BUY,50,25000.0,15min,MA_Crossover' },
      { line: 3, source: 'seed.csv', symbol: 'BANKNIFTY24NOVFUT', action: 'SELL', quantity: 25, price: 52000, timeframe: '5m', strategy: 'RSI_Strategy', raw: 'BANKNIFTY24NOVFUT,SELL,25,52000.0,5min,RSI_Strategy' },
    ]);
  });

  it('names each malformed line and every reason it failed, and still reads the good ones', () => {
    const text = [
      'symbol,signal_type,quantity,price,timeframe,strategy_name',
      'AAA,HOLD,10,1,1d,S', // 2 bad action
      'AAA,BUY,ten,1,1d,S', // 3 non-numeric quantity
      'AAA,BUY,-5,1,1d,S', // 4 negative quantity
      'AAA,BUY,0,1,1d,S', // 5 zero quantity
      'AAA,BUY,10,abc,1d,S', // 6 bad price
      'AAA,BUY,10,-1,1d,S', // 7 negative price
      'AAA,BUY,10,1,7min,S', // 8 unknown timeframe
      'AAA,BUY,10,1,1d', // 9 too few fields
      ',short,-1,x,2min,""', // 10 everything wrong
      'AAA,cover,10,1,1d,S', // 11 good (action in any case)
    ].join('\n');
    const { signals, problems } = parseAmiBrokerSignals(text, 'bad.csv');
    assert.deepEqual(signals.map((s) => [s.line, s.action]), [[11, 'COVER']]);
    const byLine = new Map(problems.map((p) => [p.line, p.reason]));
    assert.match(byLine.get(2)!, /bad action "HOLD" \(allowed: BUY, SELL, SHORT, COVER/);
    assert.match(byLine.get(3)!, /quantity must be a number, got "ten"/);
    assert.match(byLine.get(4)!, /quantity must be > 0, got -5/);
    assert.match(byLine.get(5)!, /quantity must be > 0, got 0/);
    assert.match(byLine.get(6)!, /bad price "abc"/);
    assert.match(byLine.get(7)!, /bad price -1 \(must be ≥ 0\)/);
    assert.match(byLine.get(8)!, /unknown timeframe "7min" \(allowed: 1s, 1m/);
    assert.match(byLine.get(9)!, /expected 6 fields, got 5/);
    assert.deepEqual(byLine.get(10)!.split('; ').length, 5, byLine.get(10));
    assert.equal(problems.find((p) => p.line === 4)!.raw, 'AAA,BUY,-5,1,1d,S');
  });

  it('reads a headerless file in the documented column order', () => {
    const { signals, problems } = parseAmiBrokerSignals('ORCL,SHORT,100,0,1d,Breakout\n', 'x.csv');
    assert.deepEqual(problems, []);
    assert.equal(signals[0]!.line, 1);
    assert.equal(signals[0]!.action, 'SHORT');
    assert.equal(signals[0]!.price, undefined, 'a price of 0 means at market');
  });

  it('follows a header in another order, with aliases, and without the optional columns', () => {
    const { signals, problems } = parseAmiBrokerSignals('Strategy, Qty ,Action,Ticker\nAfl1,5,buy,MSFT\n', 'x.csv');
    assert.deepEqual(problems, []);
    assert.deepEqual(signals[0], { line: 2, source: 'x.csv', symbol: 'MSFT', action: 'BUY', quantity: 5, strategy: 'Afl1', raw: 'Afl1,5,buy,MSFT' });
  });

  it('refuses an unknown column layout and reports every later line as not read', () => {
    const { signals, problems } = parseAmiBrokerSignals('symbol,signal_type,qty,when,strategy_name\nA,BUY,1,x,S\n\nB,BUY,1,x,S\n', 'x.csv');
    assert.deepEqual(signals, []);
    assert.match(problems[0]!.reason, /unknown column layout: unknown column "when"/);
    assert.deepEqual(problems.slice(1).map((p) => [p.line, p.reason]), [
      [2, "not read: the file's column layout is unknown (see line 1)"],
      [4, "not read: the file's column layout is unknown (see line 1)"],
    ]);
    const missing = parseAmiBrokerSignals('symbol,price\nA,1\n', 'y.csv').problems[0]!.reason;
    assert.match(missing, /missing column signal_type, quantity, strategy_name/);
    const neither = parseAmiBrokerSignals('hello world\nA,BUY,1,2,1d,S\n', 'z.csv').problems[0]!.reason;
    assert.match(neither, /neither the header symbol,signal_type,quantity,price,timeframe,strategy_name nor a signal row/);
  });

  it('accepts CRLF, a BOM, blank lines, a trailing comma, quoted fields and a last line without newline', () => {
    const text = '\uFEFFsymbol,signal_type,quantity,price,timeframe,strategy_name\r\n\r\n"A",BUY,1,2.5,1h,S,\r\nB,SELL,2,,,"T"';
    const { signals, problems } = parseAmiBrokerSignals(text, 'w.csv');
    assert.deepEqual(problems, []);
    assert.deepEqual(signals.map((s) => [s.line, s.symbol, s.price, s.timeframe, s.strategy]), [
      [3, 'A', 2.5, '1h', 'S'],
      [4, 'B', undefined, undefined, 'T'],
    ]);
  });

  it('gives the same rows whether the file is read whole or in pieces cut at line ends', () => {
    const line = fc.oneof(
      fc.constantFrom('A,BUY,1,2,1d,S', 'B,sell,3.5,,15min,T', 'C,HOLD,1,1,1d,S', 'D,BUY,-1,1,1d,S', '', 'E,SHORT,2,1,9min,S', 'x,y'),
    );
    fc.assert(
      fc.property(fc.array(line, { maxLength: 30 }), fc.array(fc.nat(), { maxLength: 8 }), (lines, cuts) => {
        const all = ['symbol,signal_type,quantity,price,timeframe,strategy_name', ...lines];
        const whole = parseAmiBrokerSignals(`${all.join('\n')}\n`, 'f.csv');
        const points = [...new Set(cuts.map((c) => c % (all.length + 1)))].sort((a, b) => a - b);
        const parser = new AmiBrokerSignalParser('f.csv');
        const pieces = { signals: [] as unknown[], problems: [] as unknown[] };
        let from = 0;
        for (const to of [...points, all.length]) {
          const result = parser.parse(all.slice(from, to).map((l) => `${l}\n`).join(''));
          pieces.signals.push(...result.signals);
          pieces.problems.push(...result.problems);
          from = to;
        }
        assert.deepEqual(pieces, whole);
        assert.equal(parser.linesRead, all.length);
      }),
    );
  });
});
