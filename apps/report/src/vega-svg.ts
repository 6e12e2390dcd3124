/**
 * report/vega-svg: renders a Vega-Lite spec to an SVG string in Node, headless: vega-lite compiles the spec to Vega, and
 * a Vega View with the 'none' renderer produces the SVG markup directly (text widths are estimated, so neither a browser
 * nor node-canvas is needed).
 */
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { finiteSpec } from './finite-spec';

/** The look shared by every figure (font sizes, colours, white background). */
const BASE_CONFIG = {
  background: 'white',
  font: 'Helvetica, Arial, sans-serif',
  axis: { labelFontSize: 11, titleFontSize: 12, grid: true, gridOpacity: 0.5 },
  legend: { labelFontSize: 11, titleFontSize: 12, labelLimit: 320 },
  header: { labelFontSize: 12, titleFontSize: 12 },
  title: { fontSize: 13 },
  view: { stroke: '#ccc' },
};

/** Renders one Vega-Lite spec to a standalone SVG document. */
export async function renderVegaLite(spec: TopLevelSpec): Promise<string> {
  return (await renderFigure(spec)).svg;
}

/** Renders one Vega-Lite spec to SVG and returns it with the spec as rendered (shared look included, data inline). */
export async function renderFigure(spec: TopLevelSpec): Promise<{ svg: string; spec: TopLevelSpec }> {
  spec = finiteSpec(spec).spec;
  const withConfig = { ...spec, config: { ...BASE_CONFIG, ...(spec.config ?? {}) } } as TopLevelSpec;
  let compiled: vega.Spec;
  try {
    compiled = compile(withConfig).spec;
  } catch (err) {
    throw new Error(
      `report/renderVegaLite: the Vega-Lite spec did not compile: ${(err as Error).message} (fix the figure's spec)`,
      { cause: err },
    );
  }
  const view = new vega.View(vega.parse(compiled), { renderer: 'none', logLevel: vega.Error });
  try {
    return { svg: await view.toSVG(), spec: withConfig };
  } finally {
    view.finalize();
  }
}

/** The colour of each training variant, shared by every figure so that a reader learns it once. */
export const VARIANT_COLORS: Record<string, string> = { spectral: '#1f77b4', direct: '#d62728', teacher: '#222222' };

/** A Vega-Lite colour scale for the given variants (known ones keep their colour; others get a palette colour). */
export function variantColorScale(variants: string[]): { domain: string[]; range: string[] } {
  const palette = ['#2ca02c', '#9467bd', '#8c564b', '#e377c2', '#17becf', '#bcbd22'];
  let next = 0;
  return {
    domain: variants,
    range: variants.map((v) => VARIANT_COLORS[v] ?? palette[next++ % palette.length]),
  };
}

/**
 * Axis settings for a log axis spanning many decades: plain numbers from 0.001 to 1000 and `1e-7` style outside, so the
 * labels of one axis do not mix 0.000001 with 1e-7.
 */
export const LOG_AXIS = {
  labelExpr: "datum.value >= 0.001 && datum.value < 1000 ? format(datum.value, '~g') : format(datum.value, '.0e')",
} as const;

/** Legend settings for a strokeDash channel: draw line samples, not dots. */
export const DASH_LEGEND = {
  symbolType: 'stroke',
  symbolStrokeColor: '#333',
  symbolStrokeWidth: 2,
  symbolSize: 300,
} as const;

/**
 * Legend settings for a colour shared by a line and its translucent band: line samples at full opacity. (Setting the
 * band's legend to null instead would drop the merged legend altogether.)
 */
export const LINE_LEGEND = { symbolType: 'stroke', symbolStrokeWidth: 2.5, symbolOpacity: 1, symbolSize: 300 } as const;
