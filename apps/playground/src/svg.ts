/** playground/svg: the few SVG primitives the views draw with (no chart library: a handful of lines and rects). */

const NS = 'http://www.w3.org/2000/svg';

export function el(tag: string, attrs: Record<string, string | number>, parent?: Element): SVGElement {
  const node = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  parent?.appendChild(node);
  return node;
}

export function text(content: string, attrs: Record<string, string | number>, parent: Element): SVGElement {
  const node = el('text', attrs, parent);
  node.textContent = content;
  return node;
}

/** Clears an <svg> and sets its drawing size. */
export function reset(svg: SVGSVGElement, width: number, height: number): SVGSVGElement {
  svg.replaceChildren();
  svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
  return svg;
}

/** Three to five round tick values spanning [lo, hi]. */
export function ticks(lo: number, hi: number): number[] {
  if (!(hi > lo)) return [lo];
  const raw = (hi - lo) / 4;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? raw;
  const out: number[] = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + 1e-12; v += step) out.push(Number(v.toPrecision(12)));
  return out;
}

export function formatNumber(v: number): string {
  if (v === 0) return '0';
  const a = Math.abs(v);
  return a >= 1e5 || a < 0.01 ? v.toExponential(0) : String(Number(v.toPrecision(3)));
}
