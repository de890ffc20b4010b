import { figure, markup, type Html } from './html-text';

/**
 * Charts as inline SVG, drawn from the report's figures: no library, no script. Colours come from the page's
 * CSS (`.series-N`), so the charts follow the light or dark scheme; every bar says its value on hover.
 */

export interface Segment {
  series: number;
  value: number;
}
export interface Bar {
  label: string;
  segments: Segment[];
}
export interface ChartSpec {
  title: string;
  /** Said after each value: "tokens", "ms". */
  unit: string;
  /** The series' names, in colour order; a chart with one series has no legend. */
  series: string[];
  bars: Bar[];
}

const SERIES_COLOURS = 8;
const seriesClass = (i: number) => `series-${i % SERIES_COLOURS}`;
const total = (bar: Bar) => bar.segments.reduce((sum, s) => sum + s.value, 0);
const clip = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

function legend(spec: ChartSpec): Html | null {
  if (spec.series.length < 2) return null;
  return markup`<ul class="legend">
    ${spec.series.map((name, i) => markup`<li><span class="swatch ${seriesClass(i)}"></span>${name}</li>`)}
  </ul>`;
}

function hover(spec: ChartSpec, bar: Bar, s: Segment): string {
  const series = spec.series.length > 1 ? ` · ${spec.series[s.series]}` : '';
  return `${bar.label}${series}: ${figure(s.value)} ${spec.unit}`;
}

/** Horizontal bars, one a row, stacked by series: for a handful of named things (agents, warning codes). */
export function barChart(spec: ChartSpec): Html {
  // Drawn at about the size it shows in a chart's box (340 px and up), so its text reads at 11 px.
  const labelWidth = 160;
  const barWidth = 146;
  const row = 22;
  const height = spec.bars.length * row + 4;
  const max = Math.max(1, ...spec.bars.map(total));
  const rows = spec.bars.map((bar, i) => {
    const y = i * row + 2;
    let x = labelWidth;
    const rects = bar.segments.map((s) => {
      const width = (s.value / max) * barWidth;
      const rect = markup`<rect
        class="${seriesClass(s.series)}"
        x="${x.toFixed(1)}"
        y="${y + 3}"
        width="${width.toFixed(1)}"
        height="${row - 8}"
        ><title>${hover(spec, bar, s)}</title></rect
      >`;
      x += width;
      return rect;
    });
    return markup`<g
      ><text class="label" x="${labelWidth - 8}" y="${y + row / 2 + 2}" text-anchor="end"
        ><title>${bar.label}</title>${clip(bar.label, 18)}</text
      >${rects}<text class="value" x="${(x + 6).toFixed(1)}" y="${y + row / 2 + 2}">${figure(total(bar))}</text></g
    >`;
  });
  return markup`<figure class="chart">
    <figcaption>${spec.title}</figcaption>
    ${legend(spec)}<svg viewBox="0 0 ${labelWidth + barWidth + 64} ${height}" role="img" aria-label="${spec.title}">${rows}</svg>
  </figure>`;
}

/** Vertical columns, one per turn, stacked by series: for a case's turns in order. */
export function columnChart(spec: ChartSpec): Html {
  const top = 16;
  const plot = 110;
  const left = 44;
  // The columns share the chart's width; past a dozen turns the chart grows instead and scales down.
  const width = Math.max(320, left + spec.bars.length * 22 + 8);
  const step = (width - left - 8) / Math.max(1, spec.bars.length);
  const columnWidth = Math.min(36, step * 0.7);
  const max = Math.max(1, ...spec.bars.map(total));
  const columns = spec.bars.map((bar, i) => {
    const x = left + i * step + (step - columnWidth) / 2;
    let y = top + plot;
    const rects = bar.segments.map((s) => {
      const h = (s.value / max) * plot;
      y -= h;
      return markup`<rect class="${seriesClass(s.series)}" x="${x.toFixed(1)}" y="${y.toFixed(1)}" width="${columnWidth.toFixed(1)}" height="${h.toFixed(1)}"><title>${hover(spec, bar, s)}</title></rect>`;
    });
    const middle = (x + columnWidth / 2).toFixed(1);
    return markup`<g>${rects}<text class="label" x="${middle}" y="${top + plot + 14}" text-anchor="middle">${clip(bar.label, 4)}</text></g>`;
  });
  const axis = markup`<text class="value" x="${left - 6}" y="${top + 4}" text-anchor="end">${figure(max)}</text>
    <text class="value" x="${left - 6}" y="${top + plot}" text-anchor="end">0</text>
    <line class="axis" x1="${left}" y1="${top + plot}" x2="${width - 4}" y2="${top + plot}"></line>
    <line class="grid" x1="${left}" y1="${top}" x2="${width - 4}" y2="${top}"></line>`;
  return markup`<figure class="chart">
    <figcaption>${spec.title}</figcaption>
    ${legend(spec)}
    <svg viewBox="0 0 ${width} ${top + plot + 22}" class="columns" role="img" aria-label="${spec.title}">${axis}${columns}</svg>
  </figure>`;
}
