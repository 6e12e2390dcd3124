/**
 * report/finite-spec: keeps non-finite numbers out of every figure. A Vega-Lite spec's inline data rows that hold a
 * NaN or an infinite number are dropped, and a scale domain with one is removed (Vega would draw an axis "from
 * Infinity to NaN"), so a figure shows only what was measured.
 */

/** Whether a value is a number that is not finite. */
function nonFinite(v: unknown): boolean {
  return typeof v === 'number' && !Number.isFinite(v);
}

function rowIsFinite(row: unknown): boolean {
  if (nonFinite(row)) return false;
  if (typeof row !== 'object' || row === null) return true;
  return Object.values(row).every((v) => !nonFinite(v));
}

/** A copy of `spec` without non-finite data rows and domains; `dropped` counts the rows left out. */
export function finiteSpec<T>(spec: T): { spec: T; dropped: number } {
  let dropped = 0;
  const walk = (node: unknown, key: string): unknown => {
    if (Array.isArray(node)) {
      if (key === 'domain' && node.some(nonFinite)) return undefined;
      if (key === 'values') {
        const kept = node.filter(rowIsFinite);
        dropped += node.length - kept.length;
        return kept.map((v) => walk(v, ''));
      }
      return node.map((v) => walk(v, ''));
    }
    if (typeof node !== 'object' || node === null) return node;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(node)) {
      const w = walk(v, k);
      if (w !== undefined) out[k] = w;
    }
    return out;
  };
  return { spec: walk(spec, '') as T, dropped };
}
