/**
 * playground/network-view: the student drawn layer by layer, one line per weight of the direct-space kernels
 * (spectral's directKernel: W = phi (lambdaIn - lambdaOut), method spec §1), its width and opacity by |w| relative to
 * the layer's largest, blue for positive and red for negative. Removed nodes and their edges are left out.
 */
import { directKernel, layerSizes, type NetworkWeights } from '@spectral-ts/spectral';
import { el, reset } from './svg';

const W = 360;
const H = 260;
const MAX_EDGES = 1500;

export function drawNetwork(svg: SVGSVGElement, net: NetworkWeights, removed: ReadonlySet<number> = new Set()): void {
  reset(svg, W, H);
  const sizes = layerSizes(net);
  const x = (l: number) => 20 + (l * (W - 40)) / (sizes.length - 1);
  const y = (l: number, i: number) => (sizes[l] === 1 ? H / 2 : 12 + (i * (H - 24)) / (sizes[l] - 1));
  const alive = (l: number, i: number) => !(l === 1 && removed.has(i));
  const edges = el('g', { class: 'edges' }, svg);
  const kept: { k: number; i: number; j: number; w: number; r: number }[] = [];
  net.layers.forEach((layer, k) => {
    const kernel = directKernel(layer);
    let max = 0;
    for (const row of kernel) for (const w of row) max = Math.max(max, Math.abs(w));
    kernel.forEach((row, i) =>
      row.forEach((w, j) => {
        const r = max > 0 ? Math.abs(w) / max : 0;
        if (r >= 0.02 && alive(k, i) && alive(k + 1, j)) kept.push({ k, i, j, w, r });
      }),
    );
  });
  // A wide student has thousands of weights; its strongest MAX_EDGES keep the page quick to redraw.
  if (kept.length > MAX_EDGES) kept.sort((a, b) => b.r - a.r).splice(MAX_EDGES);
  for (const { k, i, j, w, r } of kept) {
    el(
      'line',
      {
        x1: x(k),
        y1: y(k, i),
        x2: x(k + 1),
        y2: y(k + 1, j),
        stroke: w > 0 ? '#2563eb' : '#dc2626',
        'stroke-width': (0.3 + 2.2 * r).toFixed(2),
        'stroke-opacity': (0.15 + 0.75 * r).toFixed(2),
      },
      edges,
    );
  }
  const nodes = el('g', { class: 'nodes' }, svg);
  sizes.forEach((n, l) => {
    for (let i = 0; i < n; i++) {
      el('circle', { cx: x(l), cy: y(l, i), r: n > 60 ? 1.5 : 3, class: alive(l, i) ? 'node' : 'node removed' }, nodes);
    }
  });
}
