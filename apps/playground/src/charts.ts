/** playground/charts: a line chart (linear or log y) and a bar chart, drawn into an <svg>. */
import { el, formatNumber, reset, text, ticks } from './svg';

export interface Series {
  name: string;
  color: string;
  points: [number, number][];
  dashed?: boolean;
}

export interface LineChartOptions {
  xLabel: string;
  yLabel: string;
  logY?: boolean;
  /** Fixed x range; default the data's. */
  xRange?: [number, number];
  yRange?: [number, number];
  /** A dashed marker line at this y (e.g. h_T) or x. */
  hLine?: { y: number; label: string };
  vLine?: { x: number; label: string };
  /** A highlighted point (e.g. the slider's pruned student). */
  mark?: [number, number];
}

const W = 360;
const H = 200;
const M = { left: 46, right: 16, top: 10, bottom: 32 };

export function lineChart(svg: SVGSVGElement, series: Series[], o: LineChartOptions): void {
  reset(svg, W, H);
  const all = series.flatMap((s) => s.points).filter(([, y]) => Number.isFinite(y) && (!o.logY || y > 0));
  const xs = all.map((p) => p[0]);
  const ys = all.map((p) => (o.logY ? Math.log10(p[1]) : p[1]));
  if (o.hLine) ys.push(o.logY ? Math.log10(o.hLine.y) : o.hLine.y);
  const [x0, x1] = o.xRange ?? [Math.min(...xs, 0), Math.max(...xs, 1)];
  let [y0, y1] = o.yRange
    ? o.logY
      ? o.yRange.map(Math.log10)
      : o.yRange
    : [Math.min(...ys, o.logY ? -3 : 0), Math.max(...ys, o.logY ? -2 : 1)];
  if (o.logY) [y0, y1] = [Math.floor(y0), Math.ceil(y1)];
  const sx = (x: number) => M.left + ((x - x0) / (x1 - x0 || 1)) * (W - M.left - M.right);
  const sy = (y: number) =>
    H - M.bottom - (((o.logY ? Math.log10(y) : y) - y0) / (y1 - y0 || 1)) * (H - M.top - M.bottom);
  const axis = el('g', { class: 'axis' }, svg);
  el('line', { x1: M.left, y1: H - M.bottom, x2: W - M.right, y2: H - M.bottom }, axis);
  el('line', { x1: M.left, y1: M.top, x2: M.left, y2: H - M.bottom }, axis);
  for (const t of ticks(x0, x1)) {
    el('line', { x1: sx(t), y1: H - M.bottom, x2: sx(t), y2: H - M.bottom + 4 }, axis);
    text(formatNumber(t), { x: sx(t), y: H - M.bottom + 14, 'text-anchor': 'middle' }, axis);
  }
  const yTicks = o.logY ? Array.from({ length: y1 - y0 + 1 }, (_, i) => 10 ** (y0 + i)) : ticks(y0, y1);
  for (const t of yTicks) {
    el('line', { x1: M.left - 4, y1: sy(t), x2: M.left, y2: sy(t) }, axis);
    text(formatNumber(t), { x: M.left - 6, y: sy(t) + 3, 'text-anchor': 'end' }, axis);
  }
  text(o.xLabel, { x: (M.left + W - M.right) / 2, y: H - 4, 'text-anchor': 'middle', class: 'label' }, axis);
  text(o.yLabel, { x: 12, y: M.top + 2, class: 'label', transform: `rotate(90 12 ${M.top + 2})` }, axis);
  if (o.hLine) {
    el('line', { x1: M.left, x2: W - M.right, y1: sy(o.hLine.y), y2: sy(o.hLine.y), class: 'marker' }, svg);
    text(o.hLine.label, { x: W - M.right - 2, y: sy(o.hLine.y) - 3, 'text-anchor': 'end', class: 'marker-label' }, svg);
  }
  if (o.vLine && o.vLine.x >= x0 && o.vLine.x <= x1) {
    el('line', { x1: sx(o.vLine.x), x2: sx(o.vLine.x), y1: M.top, y2: H - M.bottom, class: 'marker' }, svg);
    text(o.vLine.label, { x: sx(o.vLine.x) + 3, y: M.top + 10, class: 'marker-label' }, svg);
  }
  series.forEach((s, i) => {
    const pts = s.points.filter(([, y]) => Number.isFinite(y) && (!o.logY || y > 0));
    if (pts.length === 0) return;
    const d = pts.map(([x, y]) => `${sx(x).toFixed(1)},${sy(y).toFixed(1)}`).join(' ');
    el(
      'polyline',
      {
        points: d,
        fill: 'none',
        stroke: s.color,
        'stroke-width': 1.5,
        ...(s.dashed ? { 'stroke-dasharray': '4 3' } : {}),
      },
      svg,
    );
    el('rect', { x: W - M.right - 90, y: M.top + 2 + i * 13, width: 10, height: 3, fill: s.color }, svg);
    text(s.name, { x: W - M.right - 76, y: M.top + 7 + i * 13, class: 'legend' }, svg);
  });
  if (o.mark && Number.isFinite(o.mark[1]) && (!o.logY || o.mark[1] > 0)) {
    el('circle', { cx: sx(o.mark[0]), cy: sy(o.mark[1]), r: 4, class: 'mark' }, svg);
  }
}

/** Bars of values in [0, 1] (sorted by the caller), a dashed line at `threshold`; bars below it drawn faded. */
export function barChart(svg: SVGSVGElement, values: number[], threshold: number, color: string, label: string): void {
  reset(svg, W, H);
  const n = Math.max(values.length, 1);
  const inner = W - M.left - M.right;
  const bw = inner / n;
  const sy = (v: number) => H - M.bottom - v * (H - M.top - M.bottom);
  const axis = el('g', { class: 'axis' }, svg);
  el('line', { x1: M.left, y1: H - M.bottom, x2: W - M.right, y2: H - M.bottom }, axis);
  for (const t of [0, 0.5, 1]) text(String(t), { x: M.left - 6, y: sy(t) + 3, 'text-anchor': 'end' }, axis);
  text(label, { x: (M.left + W - M.right) / 2, y: H - 4, 'text-anchor': 'middle', class: 'label' }, axis);
  values.forEach((v, i) => {
    el(
      'rect',
      {
        x: M.left + i * bw + bw * 0.1,
        y: sy(v),
        width: bw * 0.8,
        height: Math.max(sy(0) - sy(v), 0.5),
        fill: color,
        opacity: v >= threshold ? 1 : 0.25,
      },
      svg,
    );
  });
  el('line', { x1: M.left, x2: W - M.right, y1: sy(threshold), y2: sy(threshold), class: 'marker' }, svg);
  text(
    `${threshold} of max`,
    { x: W - M.right - 2, y: sy(threshold) - 3, 'text-anchor': 'end', class: 'marker-label' },
    svg,
  );
}
