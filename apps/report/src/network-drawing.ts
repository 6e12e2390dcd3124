/**
 * report/network-drawing: a small SVG drawing of feed-forward networks side by side (a pruned student's surviving
 * sub-network next to its teacher): a layered layout, one column per layer, edge width and opacity proportional to
 * |w| / max |w| of that layer of that network, blue for positive and red for negative weights. Written by hand rather
 * than with Vega because it is a node-link diagram with hundreds of individually weighted edges.
 */
import type { NetworkWeights } from '@spectral-ts/spectral';
import { kernelChain, restrictChain, type KernelChain, type NodeSelection } from '@spectral-ts/topology';
import { escapeHtml } from './escape';

/** Colours of positive and negative weights (a diverging pair that stays apart for colour-blind readers). */
const POSITIVE = '#2166ac';
const NEGATIVE = '#b2182b';
const PANEL = { width: 380, height: 290, top: 44, bottom: 46, left: 30, right: 30 };

/** One network to draw. */
export interface NetworkPanel {
  title: string;
  net: NetworkWeights;
  /** Nodes to draw per node layer, inputs first (e.g. topology's `prunedNodes`); default all. */
  keep?: NodeSelection;
}

function fmt(v: number): string {
  return Number(v.toFixed(2)).toString();
}

function drawPanel(panel: NetworkPanel, offsetX: number): string {
  const full = kernelChain(panel.net);
  const { sizes, kernels }: KernelChain = panel.keep ? restrictChain(full, panel.keep) : full;
  const innerW = PANEL.width - PANEL.left - PANEL.right;
  const innerH = PANEL.height - PANEL.top - PANEL.bottom;
  const colX = sizes.map(
    (_, c) => offsetX + PANEL.left + (sizes.length === 1 ? innerW / 2 : (c * innerW) / (sizes.length - 1)),
  );
  const nodeY = (size: number, i: number): number => PANEL.top + (size === 1 ? innerH / 2 : (i * innerH) / (size - 1));
  const parts: string[] = [];
  kernels.forEach((k, li) => {
    // kernelChain has already refused NaN and Infinity weights
    const max = k.reduce((m, w) => Math.max(m, Math.abs(w)), 0);
    if (max === 0) return;
    const out = sizes[li + 1];
    const edges: { a: number; b: number; w: number }[] = [];
    k.forEach((w, idx) => w !== 0 && edges.push({ a: Math.floor(idx / out), b: idx % out, w }));
    edges.sort((p, q) => Math.abs(p.w) - Math.abs(q.w)); // strong edges on top
    for (const e of edges) {
      const r = Math.abs(e.w) / max;
      parts.push(
        `<line x1="${fmt(colX[li])}" y1="${fmt(nodeY(sizes[li], e.a))}" x2="${fmt(colX[li + 1])}" y2="${fmt(nodeY(sizes[li + 1], e.b))}" stroke="${e.w > 0 ? POSITIVE : NEGATIVE}" stroke-width="${fmt(0.2 + 2.6 * r)}" stroke-opacity="${fmt(0.08 + 0.72 * r)}"/>`,
      );
    }
  });
  sizes.forEach((size, c) => {
    const radius = Math.max(1.5, Math.min(5, innerH / Math.max(size, 1) / 2.4));
    for (let i = 0; i < size; i++)
      parts.push(
        `<circle cx="${fmt(colX[c])}" cy="${fmt(nodeY(size, i))}" r="${fmt(radius)}" fill="#444" stroke="#fff" stroke-width="0.6"/>`,
      );
    const total = size < full.sizes[c] ? ` of ${full.sizes[c]}` : '';
    const label =
      c === 0
        ? `${size}${total} inputs`
        : c === sizes.length - 1
          ? `${size}${total} output${full.sizes[c] === 1 ? '' : 's'}`
          : `${size}${total}${total ? ' kept' : ''}`;
    parts.push(
      `<text x="${fmt(colX[c])}" y="${PANEL.height - PANEL.bottom + 22}" text-anchor="middle" font-size="11">${escapeHtml(label)}</text>`,
    );
  });
  parts.push(
    `<text x="${fmt(offsetX + PANEL.width / 2)}" y="20" text-anchor="middle" font-size="13" font-weight="bold">${escapeHtml(panel.title)}</text>`,
  );
  return `<g class="network-panel">${parts.join('')}</g>`;
}

/** Draws the panels left to right in one standalone SVG document, with a one-line legend underneath. */
export function drawNetworks(panels: NetworkPanel[]): string {
  const width = PANEL.width * panels.length;
  const height = PANEL.height + 24;
  const legend =
    `<g font-size="11"><line x1="30" y1="${height - 10}" x2="60" y2="${height - 10}" stroke="${POSITIVE}" stroke-width="2.5"/>` +
    `<text x="66" y="${height - 6}">positive weight</text>` +
    `<line x1="170" y1="${height - 10}" x2="200" y2="${height - 10}" stroke="${NEGATIVE}" stroke-width="2.5"/>` +
    `<text x="206" y="${height - 6}">negative weight; width and opacity ∝ |w| / (largest |w| of that layer)</text></g>`;
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" class="network-drawing" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="Helvetica, Arial, sans-serif">` +
    `<rect width="${width}" height="${height}" fill="white"/>${panels.map((p, i) => drawPanel(p, i * PANEL.width)).join('')}${legend}</svg>`
  );
}
