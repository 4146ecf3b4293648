/** The report's whole stylesheet: system fonts only, light and dark, fluid from phone to laptop. */
export const REPORT_STYLE = `
:root {
  --bg: #f5f6f8; --panel: #ffffff; --fg: #1b1f24; --muted: #5f6b7a; --border: #e3e6ea; --grid: #eef0f3;
  --win: #089981; --loss: #f23645; --accent: #2962ff; --up: #26a69a; --down: #ef5350;
  color-scheme: light dark;
}
@media (prefers-color-scheme: dark) {
  :root { --bg: #0f1115; --panel: #171a21; --fg: #e6e8eb; --muted: #9aa4b2; --border: #2a2f3a; --grid: #1f2430; }
}
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body {
  margin: 0; background: var(--bg); color: var(--fg);
  font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
}
main { max-width: 1200px; margin: 0 auto; padding: 20px 16px 48px; }
header h1 { font-size: 1.5rem; margin: 0 0 4px; letter-spacing: -0.01em; }
header .sub { color: var(--muted); margin: 0 0 12px; }
.params { display: flex; flex-wrap: wrap; gap: 6px; margin: 0; padding: 0; list-style: none; }
.params li { background: var(--panel); border: 1px solid var(--border); border-radius: 999px; padding: 2px 10px; font-size: 12px; }
.params b { color: var(--muted); font-weight: 500; margin-right: 4px; }
section { background: var(--panel); border: 1px solid var(--border); border-radius: 10px; padding: 14px 16px; margin-top: 16px; }
section h2 { font-size: 1rem; margin: 0 0 10px; }
.cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(150px, 1fr)); gap: 10px; margin-top: 16px; }
.card { background: var(--panel); border: 1px solid var(--border); border-radius: 10px; padding: 10px 14px; }
.card .label { color: var(--muted); font-size: 12px; }
.card .value { font-size: 1.35rem; font-weight: 600; font-variant-numeric: tabular-nums; }
.stats { display: grid; grid-template-columns: repeat(auto-fit, minmax(280px, 1fr)); column-gap: 32px; }
.stats table { width: 100%; }
table { border-collapse: collapse; font-variant-numeric: tabular-nums; }
th, td { padding: 5px 8px; border-bottom: 1px solid var(--border); text-align: right; white-space: nowrap; }
th:first-child, td:first-child { text-align: left; }
.stats th { font-weight: 400; color: var(--muted); }
.stats td { font-weight: 500; white-space: normal; }
.stats th { white-space: normal; }
.trades { overflow-x: auto; }
.trades table { width: 100%; font-size: 13px; }
.trades thead th { position: sticky; top: 0; background: var(--panel); color: var(--muted); font-weight: 500; }
.trades td.text { text-align: left; }
.win { color: var(--win); }
.loss { color: var(--loss); }
.long { color: var(--accent); }
.short { color: #ff6d00; }
.chart { width: 100%; height: 420px; }
.chart.equity { height: 260px; }
.chart.drawdown { height: 180px; }
.chart .unavailable { color: var(--muted); padding: 24px 0; }
.legend { display: flex; flex-wrap: wrap; gap: 14px; color: var(--muted); font-size: 12px; margin-top: 6px; }
.note { color: var(--muted); font-size: 12px; margin: 8px 0 0; }
@media (max-width: 640px) {
  main { padding: 12px 8px 32px; }
  section { padding: 10px; }
  .chart { height: 300px; }
  .chart.equity { height: 200px; }
  .chart.drawdown { height: 140px; }
  .card .value { font-size: 1.1rem; }
}
`;
