// Line charts on uPlot (served from the jar as a WebJar): one chart per quantity, resized with its box,
// with optional vertical markers (a plateau, the epoch a layer's gradient vanished) drawn over the curves.
import uPlot from '/webjars/uplot/dist/uPlot.esm.js';
import { el } from './ui.js';

/** A tick label that stays readable from 1e-12 to 1e5. */
const tick = (v) => (v === null ? '' : v !== 0 && (Math.abs(v) < 1e-3 || Math.abs(v) >= 1e5)
  ? v.toExponential(0) : Number(v.toPrecision(3)).toString());

export const COLORS = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b', '#e377c2', '#17becf',
  '#7f7f7f', '#bcbd22'];

/**
 * A chart in `parent`: `series` are [{label, color}], `log` puts y on a log scale (non-positive values are
 * left out). Returns {set(x, ys), mark(markers)} where markers are [{x, label, color}].
 */
export function lineChart(parent, { title, series, log = false, yRange, id }) {
  const box = el('figure', { class: 'chart', id });
  parent.append(box);
  let markers = [];
  const drawMarkers = (u) => {
    const { ctx, bbox } = u;
    ctx.save();
    ctx.font = `${11 * devicePixelRatio}px sans-serif`;
    ctx.textAlign = 'left';
    ctx.textBaseline = 'alphabetic';
    ctx.setLineDash([6 * devicePixelRatio, 4 * devicePixelRatio]);
    for (const m of markers) {
      const x = u.valToPos(m.x, 'x', true);
      if (!(x >= bbox.left && x <= bbox.left + bbox.width)) continue;
      ctx.strokeStyle = ctx.fillStyle = m.color || '#555';
      ctx.beginPath();
      ctx.moveTo(x, bbox.top);
      ctx.lineTo(x, bbox.top + bbox.height);
      ctx.stroke();
      ctx.fillText(m.label, x + 4 * devicePixelRatio, bbox.top + (12 + 12 * (m.row || 0)) * devicePixelRatio);
    }
    ctx.restore();
  };
  const opts = {
    title,
    width: Math.max(300, box.clientWidth || 400),
    height: 240,
    scales: { x: { time: false }, y: log ? { distr: 3 } : (yRange ? { range: yRange } : {}) },
    axes: [{ label: 'epoch' }, { size: 60, values: (u, splits) => splits.map(tick) }],
    series: [{ label: 'epoch' }, ...series.map((s) => ({ label: s.label, stroke: s.color, width: 1.5, spanGaps: true,
      value: (u, v) => (v === null || v === undefined ? '–' : Number(v.toPrecision(4)).toString()) }))],
    legend: { live: true },
    hooks: { draw: [drawMarkers] },
  };
  const empty = [[], ...series.map(() => [])];
  const plot = new uPlot(opts, empty, box);
  new ResizeObserver(() => plot.setSize({ width: Math.max(300, box.clientWidth), height: 240 })).observe(box);
  const clean = (ys) => (log ? ys.map((v) => (v > 0 ? v : null)) : ys);
  return {
    box,
    set(x, ys) {
      plot.setData([x, ...ys.map(clean)]);
    },
    mark(list) {
      // labels on rows of their own, in the order of their epochs, so that close markers stay readable
      markers = [...list].sort((a, b) => a.x - b.x).map((m, i) => ({ ...m, row: i % 5 }));
      plot.redraw(false);
    },
  };
}
