/**
 * The page's script (runs in the browser, after the inlined chart library): reads the embedded JSON
 * and draws price with trade markers, equity and drawdown with lightweight-charts v5
 * (`createChart`, `chart.addSeries(CandlestickSeries | LineSeries | BaselineSeries | AreaSeries)`,
 * `createSeriesMarkers`). Charts size themselves to their boxes (`autoSize`).
 */
export const REPORT_SCRIPT = String.raw`
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('fortress-data').textContent);
  var LC = window.LightweightCharts;
  var boxes = ['price-chart', 'equity-chart', 'drawdown-chart'].map(function (id) { return document.getElementById(id); });
  if (!LC || typeof LC.createChart !== 'function' || typeof LC.createSeriesMarkers !== 'function') {
    boxes.forEach(function (box) {
      var p = document.createElement('p');
      p.className = 'unavailable';
      p.textContent = 'Chart unavailable: the chart library did not load.';
      box.appendChild(p);
      box.style.height = 'auto';
    });
    return;
  }
  var css = getComputedStyle(document.documentElement);
  function v(name) { return css.getPropertyValue(name).trim(); }
  function options() {
    return {
      autoSize: true,
      layout: { background: { type: 'solid', color: v('--panel') }, textColor: v('--muted'), fontSize: 11 },
      grid: { vertLines: { color: v('--grid') }, horzLines: { color: v('--grid') } },
      rightPriceScale: { borderVisible: false },
      timeScale: { borderVisible: false, timeVisible: data.intraday, secondsVisible: false, minBarSpacing: 0.001, lockVisibleTimeRangeOnResize: true },
      crosshair: { mode: 0 }
    };
  }
  function points(series) {
    var out = new Array(series.time.length);
    for (var i = 0; i < out.length; i++) out[i] = { time: series.time[i], value: series.value[i] };
    return out;
  }
  function money(x) {
    return x.toLocaleString('en-US', { minimumFractionDigits: data.currencyDigits, maximumFractionDigits: data.currencyDigits });
  }
  var minMove = Math.pow(10, -data.pricePrecision);
  var priceFormat = { type: 'price', precision: data.pricePrecision, minMove: minMove };

  var priceChart = LC.createChart(boxes[0], options());
  var price;
  if (data.price.kind === 'candles') {
    price = priceChart.addSeries(LC.CandlestickSeries, {
      upColor: v('--up'), downColor: v('--down'), wickUpColor: v('--up'), wickDownColor: v('--down'),
      borderVisible: false, priceFormat: priceFormat
    });
    var p = data.price, candles = new Array(p.time.length);
    for (var i = 0; i < candles.length; i++) candles[i] = { time: p.time[i], open: p.open[i], high: p.high[i], low: p.low[i], close: p.close[i] };
    price.setData(candles);
  } else {
    price = priceChart.addSeries(LC.LineSeries, { color: v('--accent'), lineWidth: 1, priceFormat: priceFormat });
    price.setData(points({ time: data.price.time, value: data.price.close }));
  }
  LC.createSeriesMarkers(price, data.markers);

  var equityChart = LC.createChart(boxes[1], options());
  var equity = equityChart.addSeries(LC.BaselineSeries, {
    baseValue: { type: 'price', price: data.startingEquity },
    topLineColor: v('--win'), topFillColor1: 'rgba(8,153,129,0.28)', topFillColor2: 'rgba(8,153,129,0.02)',
    bottomLineColor: v('--loss'), bottomFillColor1: 'rgba(242,54,69,0.02)', bottomFillColor2: 'rgba(242,54,69,0.28)',
    lineWidth: 2,
    priceFormat: { type: 'custom', minMove: Math.pow(10, -data.currencyDigits), formatter: money }
  });
  equity.setData(points(data.equity));

  var drawdownChart = LC.createChart(boxes[2], options());
  var drawdown = drawdownChart.addSeries(LC.AreaSeries, {
    lineColor: v('--loss'), topColor: 'rgba(242,54,69,0.05)', bottomColor: 'rgba(242,54,69,0.35)',
    invertFilledArea: true, lineWidth: 1,
    priceFormat: { type: 'custom', minMove: 0.01, formatter: function (x) { return x.toFixed(2) + ' %'; } }
  });
  drawdown.setData(points(data.drawdown));

  var charts = [priceChart, equityChart, drawdownChart];
  function fit() { charts.forEach(function (chart) { chart.timeScale().fitContent(); }); }
  fit();
  // autoSize measures the boxes asynchronously; fit again once they have their real width.
  requestAnimationFrame(function () { requestAnimationFrame(fit); });
})();
`;
