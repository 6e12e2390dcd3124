/**
 * pruning/phase-transition/exponent: a port addition beyond the paper (method spec §5.6: "No critical exponent is
 * computed anywhere in the code"). Estimates beta in deltaMse ~ (h_T - n)^beta just below the transition by
 * least squares on log deltaMse against log(h_T - n), with a bootstrap interval over trials.
 */
import { fail } from '../errors';
import { bootstrapInterval, type BootstrapOptions } from '@spectral-ts/statistics';
import type { CurvePoint } from '../types';

/** Slope and intercept of ordinary least squares y = slope x + intercept. */
export function linearFit(x: readonly number[], y: readonly number[]): { slope: number; intercept: number } {
  const n = x.length;
  let mx = 0,
    my = 0;
  for (let i = 0; i < n; i++) {
    mx += x[i];
    my += y[i];
  }
  mx /= n;
  my /= n;
  let sxx = 0,
    sxy = 0;
  for (let i = 0; i < n; i++) {
    sxx += (x[i] - mx) ** 2;
    sxy += (x[i] - mx) * (y[i] - my);
  }
  const slope = sxy / sxx;
  return { slope, intercept: my - slope * mx };
}

/** Which distances d = h_T - n below the transition enter the fit. */
export interface ExponentWindow {
  /** Smallest d (default 1: the first node of the teacher's size that is missing). */
  minDistance?: number;
  /** Largest d (default max(3, round(h_T / 4)): "just below", before the curve saturates at n -> 0). */
  maxDistance?: number;
}

export interface ExponentEstimate {
  beta: number;
  /** log-amplitude: deltaMse ~ exp(intercept) d^beta. */
  intercept: number;
  ci: [number, number];
  level: number;
  /** Distances d used (where the mean deltaMse was positive). */
  distances: number[];
  points: number;
  trials: number;
  note: string;
}

/** What the number means and where it is weak; stored next to it in results. */
export const EXPONENT_NOTE =
  'beta from log-log least squares of the trial-mean deltaMse against h_T - n on a few points just below n = h_T; ' +
  'finite-size and finite-training effects (deltaMse(h_T) > 0, integer n) bend the log-log line, so beta is a ' +
  'descriptive slope, not a proven critical exponent; the paper computes none.';

function windowOf(teacherSize: number, window: ExponentWindow): [number, number] {
  const lo = window.minDistance ?? 1;
  const hi = window.maxDistance ?? Math.max(3, Math.round(teacherSize / 4));
  if (!(Number.isInteger(lo) && Number.isInteger(hi) && lo >= 1 && hi <= teacherSize && hi - lo >= 1)) {
    fail(
      'estimateExponent',
      `distance window [${lo}, ${hi}] must be integers with 1 <= min < max <= h_T = ${teacherSize}`,
    );
  }
  return [lo, hi];
}

/** deltaMse of one trial at d = lo .. hi (undefined where the curve has no such n). */
type TrialWindow = (number | undefined)[];

function trialWindow(curve: readonly CurvePoint[], teacherSize: number, lo: number, hi: number): TrialWindow {
  const byKept = new Map(curve.map((p) => [p.kept, p.deltaMse]));
  return Array.from({ length: hi - lo + 1 }, (_, k) => byKept.get(teacherSize - (lo + k)));
}

/** Trial-mean deltaMse at each d of the window, and the log-log fit over the d where it is positive. */
function fitSample(
  windows: readonly TrialWindow[],
  lo: number,
): { beta: number; intercept: number; distances: number[] } {
  const distances: number[] = [];
  const logD: number[] = [];
  const logY: number[] = [];
  const width = windows[0]?.length ?? 0;
  for (let k = 0; k < width; k++) {
    let sum = 0;
    let count = 0;
    for (const w of windows) {
      const v = w[k];
      if (v !== undefined) {
        sum += v;
        count += 1;
      }
    }
    // A zero mean has no logarithm; such a d says nothing about a power law and is left out.
    if (count > 0 && sum > 0) {
      distances.push(lo + k);
      logD.push(Math.log(lo + k));
      logY.push(Math.log(sum / count));
    }
  }
  if (distances.length < 2) return { beta: NaN, intercept: NaN, distances };
  const { slope, intercept } = linearFit(logD, logY);
  return { beta: slope, intercept, distances };
}

/**
 * beta of deltaMse ~ (h_T - n)^beta from the rank curves of several trials (of one variant and teacher; student sizes
 * may be pooled since the curves collapse in n - h_T, method spec §9.9). The interval resamples trials.
 */
export function estimateExponent(
  rankCurves: readonly (readonly CurvePoint[])[],
  teacherSize: number,
  options: ExponentWindow & BootstrapOptions = {},
): ExponentEstimate {
  if (rankCurves.length === 0) fail('estimateExponent', 'no rank curves (pass the trials of one variant and teacher)');
  const [lo, hi] = windowOf(teacherSize, options);
  const windows = rankCurves.map((c) => trialWindow(c, teacherSize, lo, hi));
  const full = fitSample(windows, lo);
  if (!Number.isFinite(full.beta)) {
    fail(
      'estimateExponent',
      `fewer than 2 distances in [${lo}, ${hi}] have a positive mean deltaMse (widen the window or check that the curves reach n < h_T)`,
    );
  }
  const ci = bootstrapInterval(windows, (sample) => fitSample(sample, lo).beta, {
    ...options,
    where: 'pruning/estimateExponent',
  });
  return {
    beta: full.beta,
    intercept: full.intercept,
    ci,
    level: options.level ?? 0.95,
    distances: full.distances,
    points: full.distances.length,
    trials: rankCurves.length,
    note: EXPONENT_NOTE,
  };
}
