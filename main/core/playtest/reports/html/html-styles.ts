/** The report's one style sheet: light by default, dark where the reader's system prefers it. */
export const REPORT_CSS = `
:root {
  color-scheme: light dark;
  --bg: #ffffff; --fg: #1c2128; --muted: #5b6570; --line: #d6dbe1; --panel: #f5f7f9; --code: #eef1f4;
  --passed: #1a7f37; --passed-bg: #dafbe1; --failed: #b42318; --failed-bg: #fde8e6; --error: #8a4b00; --error-bg: #fff1d6;
  --link: #0b5cad; --axis: #9aa4ae;
  --series-0: #2f6fdb; --series-1: #f08c2e; --series-2: #2a9d8f; --series-3: #c8553d;
  --series-4: #7c5cc4; --series-5: #b8a000; --series-6: #d14d8f; --series-7: #5c7080;
}
@media (prefers-color-scheme: dark) {
  :root {
    --bg: #14181d; --fg: #e3e7eb; --muted: #98a2ad; --line: #343c45; --panel: #1c2229; --code: #232a32;
    --passed: #5cd17a; --passed-bg: #173a22; --failed: #ff8a7a; --failed-bg: #45201c; --error: #f5b14c; --error-bg: #3d2d12;
    --link: #79b4ff; --axis: #6b7682;
    --series-0: #6a9ff5; --series-1: #f5a75c; --series-2: #4cc3b3; --series-3: #ec7a62;
    --series-4: #a48ae6; --series-5: #d8c640; --series-6: #ec7fb4; --series-7: #8fa3b3;
  }
}
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--fg); font: 15px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; }
main { max-width: 1200px; margin: 0 auto; padding: 24px 32px 64px; }
h1 { font-size: 1.6rem; margin: 0 0 4px; }
h2 { font-size: 1.25rem; margin: 36px 0 12px; padding-bottom: 6px; border-bottom: 1px solid var(--line); }
h3 { font-size: 1.05rem; margin: 20px 0 8px; }
a { color: var(--link); }
code, .command, .narrative, .narrative-cell { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; }
code { background: var(--code); padding: 1px 5px; border-radius: 4px; font-size: 0.9em; overflow-wrap: anywhere; }
.muted { color: var(--muted); }
.chips { display: flex; flex-wrap: wrap; gap: 8px; margin: 12px 0; padding: 0; }
.chip { border: 1px solid var(--line); border-radius: 999px; padding: 2px 12px; background: var(--panel); }
.chip-passed { color: var(--passed); background: var(--passed-bg); border-color: transparent; }
.chip-failed { color: var(--failed); background: var(--failed-bg); border-color: transparent; }
.chip-error { color: var(--error); background: var(--error-bg); border-color: transparent; }
.table-wrap { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; font-size: 0.92rem; }
th, td { border: 1px solid var(--line); padding: 6px 10px; text-align: left; vertical-align: top; }
thead th { background: var(--panel); font-weight: 600; }
tbody th { font-weight: 500; white-space: nowrap; }
.cell a { font-weight: 600; text-decoration: none; }
.cell-passed { background: var(--passed-bg); } .cell-passed a { color: var(--passed); }
.cell-failed { background: var(--failed-bg); } .cell-failed a { color: var(--failed); }
.cell-error { background: var(--error-bg); } .cell-error a { color: var(--error); }
.cell-none { color: var(--muted); text-align: center; }
.move { display: block; font-size: 0.8rem; font-weight: 600; }
summary .move { display: inline; margin-left: 6px; }
.move-regressed { color: var(--failed); } .move-improved { color: var(--passed); } .move-new { color: var(--link); }
.failed-case { border: 1px solid var(--line); border-left: 4px solid var(--failed); border-radius: 6px; padding: 4px 16px 12px; margin: 12px 0; background: var(--panel); }
.failed-case h3 .muted { font-weight: 400; font-size: 0.85rem; overflow-wrap: anywhere; }
.failures { padding-left: 20px; }
.failure { margin: 12px 0 20px; }
.assertion { margin: 0 0 4px; font-weight: 600; }
.expected-actual { display: grid; grid-template-columns: max-content 1fr; gap: 2px 12px; margin: 4px 0 8px; }
.expected-actual dt { color: var(--muted); }
.expected-actual dd { margin: 0; overflow-wrap: anywhere; }
.turn-input { margin: 8px 0 4px; font-style: italic; }
.mode { font-style: normal; font-size: 0.75rem; text-transform: uppercase; letter-spacing: 0.04em; color: var(--muted); border: 1px solid var(--line); border-radius: 4px; padding: 0 4px; }
.narrative { margin: 4px 0 8px; padding: 8px 12px; border-left: 3px solid var(--line); background: var(--bg); white-space: pre-wrap; overflow-wrap: anywhere; font-size: 0.88rem; max-height: 18em; overflow: auto; }
.narrative-cell { white-space: pre-wrap; overflow-wrap: anywhere; font-size: 0.85rem; min-width: 20em; }
.open { margin: 8px 0 2px; font-size: 0.85rem; }
.command { display: block; padding: 6px 10px; background: var(--code); border-radius: 4px; user-select: all; white-space: pre-wrap; overflow-wrap: anywhere; }
.error-text { color: var(--error); font-weight: 600; }
.all-passed { color: var(--passed); font-weight: 600; }
.charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(340px, 1fr)); gap: 16px; margin: 12px 0; }
.chart { margin: 0; padding: 10px 12px; border: 1px solid var(--line); border-radius: 6px; background: var(--panel); }
.chart figcaption { font-weight: 600; font-size: 0.9rem; }
.chart svg { display: block; width: 100%; height: auto; margin-top: 6px; }
.chart svg.columns { max-height: 180px; }
.chart text { font-size: 11px; fill: var(--fg); }
.chart text.value { fill: var(--muted); }
.chart .axis { stroke: var(--axis); } .chart .grid { stroke: var(--line); stroke-dasharray: 3 3; }
.legend { display: flex; flex-wrap: wrap; gap: 4px 12px; list-style: none; margin: 4px 0 0; padding: 0; font-size: 0.8rem; color: var(--muted); }
.swatch { display: inline-block; width: 10px; height: 10px; border-radius: 2px; margin-right: 4px; }
${[0, 1, 2, 3, 4, 5, 6, 7].map((i) => `.series-${i} { fill: var(--series-${i}); background: var(--series-${i}); }`).join('\n')}
.case { border: 1px solid var(--line); border-radius: 6px; margin: 8px 0; padding: 0 14px; }
.case[open] { padding-bottom: 12px; }
.case summary { cursor: pointer; padding: 8px 0; overflow-wrap: anywhere; }
.badge { font-size: 0.78rem; font-weight: 600; border-radius: 4px; padding: 1px 6px; }
.badge-passed { color: var(--passed); background: var(--passed-bg); }
.badge-failed { color: var(--failed); background: var(--failed-bg); }
.badge-error { color: var(--error); background: var(--error-bg); }
.num { text-align: right; white-space: nowrap; }
.changes td { overflow-wrap: anywhere; }
`;
