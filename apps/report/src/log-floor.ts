/**
 * report/log-floor: where a log axis of an MSE-like quantity stops. A few pruning cutoffs remove almost nothing
 * (ΔMSE ~ 1e-18), and drawing them would squeeze the transition into a strip; so the axis starts at a floor derived
 * from the data and the label variance, and values below it are drawn at the floor and marked.
 */
import { positive } from './groups';

/**
 * The floor as a fraction of the test-label variance: two decades below the plateau tolerance 0.01·Var(y) of method
 * spec §9.6, so every value any check of §9 compares against stays on the plot.
 */
export const LOG_FLOOR_FRACTION = 1e-4;

/**
 * The floor of a log axis showing `values`: the smallest positive value, raised to LOG_FLOOR_FRACTION·Var(y) when the
 * data go below that; undefined when nothing is positive. When every value lies below the variance floor, the data's
 * own minimum is used (there is no transition to make room for).
 */
export function logFloor(values: readonly number[], labelVariance: number): number | undefined {
  const pos = values.filter(positive);
  if (!pos.length) return undefined;
  const min = Math.min(...pos);
  const byVariance = LOG_FLOOR_FRACTION * labelVariance;
  if (!positive(byVariance) || byVariance >= Math.max(...pos)) return min;
  return Math.max(min, byVariance);
}

/** A value drawn on a log axis with that floor: values below it (zeros too) sit on it, flagged `clipped`. */
export function atFloor(value: number, floor: number): { value: number; clipped: boolean } {
  return value < floor ? { value: floor, clipped: true } : { value, clipped: false };
}

/** The Vega-Lite scale of a log axis that starts exactly at the floor (no rounding down to a decade). */
export function flooredLogScale(
  floor: number,
  values: readonly number[],
): { type: 'log'; domain: [number, number]; nice: false } {
  const top = Math.max(floor, ...values.filter(positive));
  return { type: 'log', domain: [floor, top * 1.5], nice: false };
}

/**
 * Tick values of a floored log axis: the floor itself (so a reader sees where it is) and the powers of ten above it,
 * leaving out one closer than a factor 2 to the floor, whose label would collide (a domain off the decades would
 * otherwise get 2-5-9 ticks).
 */
export function floorTicks(lo: number, hi: number): number[] {
  const out: number[] = [lo];
  for (let k = Math.ceil(Math.log10(lo) - 1e-9); k <= Math.floor(Math.log10(hi) + 1e-9); k++) {
    const tick = Number(`1e${k}`);
    if (tick >= 2 * lo) out.push(tick);
  }
  return out;
}
