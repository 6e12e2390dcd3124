/**
 * pruning/phase-transition/exp-fit: least-squares fit of y = a exp(-b x) + c (method spec §5.6, the reference
 * code's curve_fit on the collapsed curve). Levenberg-Marquardt started from the best point of a grid over b, where
 * a and c are solved exactly (the model is linear in them), so no user guess is needed.
 */
import { fail } from '../errors';

export interface ExpFit {
  a: number;
  b: number;
  c: number;
  /** Root-mean-square residual sqrt(SSE / points). */
  residual: number;
  points: number;
  iterations: number;
}

const DEFAULTS = {
  /** Grid of b for the start: log-spaced over [1e-3, 1e3] covers every decay a curve on [-1, 0] can show. */
  gridMin: 1e-3,
  gridMax: 1e3,
  gridSize: 121,
  maxIterations: 500,
  tolerance: 1e-12,
} as const;

/** Solves the 2x2 or 3x3 system M v = r by Gaussian elimination with partial pivoting; null when singular. */
function solve(m: number[][], r: number[]): number[] | null {
  const n = r.length;
  const a = m.map((row, i) => [...row, r[i]]);
  for (let col = 0; col < n; col++) {
    let piv = col;
    for (let i = col + 1; i < n; i++) if (Math.abs(a[i][col]) > Math.abs(a[piv][col])) piv = i;
    if (Math.abs(a[piv][col]) < 1e-300) return null;
    [a[col], a[piv]] = [a[piv], a[col]];
    for (let i = col + 1; i < n; i++) {
      const f = a[i][col] / a[col][col];
      for (let k = col; k <= n; k++) a[i][k] -= f * a[col][k];
    }
  }
  const v = new Array<number>(n).fill(0);
  for (let i = n - 1; i >= 0; i--) {
    let s = a[i][n];
    for (let k = i + 1; k < n; k++) s -= a[i][k] * v[k];
    v[i] = s / a[i][i];
  }
  return v;
}

function sse(x: readonly number[], y: readonly number[], a: number, b: number, c: number): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += (y[i] - (a * Math.exp(-b * x[i]) + c)) ** 2;
  return s;
}

/** For fixed b the best (a, c) is a linear least-squares problem. */
function linearAC(x: readonly number[], y: readonly number[], b: number): { a: number; c: number } | null {
  let see = 0,
    se = 0,
    sey = 0,
    sy = 0;
  for (let i = 0; i < x.length; i++) {
    const e = Math.exp(-b * x[i]);
    see += e * e;
    se += e;
    sey += e * y[i];
    sy += y[i];
  }
  const v = solve(
    [
      [see, se],
      [se, x.length],
    ],
    [sey, sy],
  );
  return v ? { a: v[0], c: v[1] } : null;
}

/** Fits y = a exp(-b x) + c to (x, y); needs at least 4 points with two distinct x. */
export function fitExponential(x: readonly number[], y: readonly number[]): ExpFit {
  if (x.length !== y.length) fail('fitExponential', `x has ${x.length} values and y ${y.length}`);
  if (x.length < 4)
    fail('fitExponential', `${x.length} points cannot pin down three parameters and a residual (need at least 4)`);
  if (new Set(x).size < 3) fail('fitExponential', 'need at least 3 distinct x values');
  for (let i = 0; i < x.length; i++) {
    if (!Number.isFinite(x[i]) || !Number.isFinite(y[i]))
      fail('fitExponential', `point ${i} is (${x[i]}, ${y[i]}); pass finite numbers`);
  }
  // Start: the grid point of b with the smallest SSE after solving a, c exactly.
  let best = { a: 0, b: 0, c: 0, s: Infinity };
  for (let g = 0; g < DEFAULTS.gridSize; g++) {
    const mag = DEFAULTS.gridMin * (DEFAULTS.gridMax / DEFAULTS.gridMin) ** (g / (DEFAULTS.gridSize - 1));
    for (const b of [mag, -mag]) {
      const ac = linearAC(x, y, b);
      if (!ac) continue;
      const s = sse(x, y, ac.a, b, ac.c);
      if (s < best.s) best = { ...ac, b, s };
    }
  }
  if (!Number.isFinite(best.s)) fail('fitExponential', 'no starting point gave a finite error (check the data)');

  let { a, b, c, s: current } = best;
  let mu = 1e-3;
  let iterations = 0;
  for (; iterations < DEFAULTS.maxIterations; iterations++) {
    // Normal equations of the Gauss-Newton step, J columns: exp(-b x), -a x exp(-b x), 1.
    const jtj = [
      [0, 0, 0],
      [0, 0, 0],
      [0, 0, 0],
    ];
    const jtr = [0, 0, 0];
    for (let i = 0; i < x.length; i++) {
      const e = Math.exp(-b * x[i]);
      const j = [e, -a * x[i] * e, 1];
      const r = y[i] - (a * e + c);
      for (let p = 0; p < 3; p++) {
        jtr[p] += j[p] * r;
        for (let q = 0; q < 3; q++) jtj[p][q] += j[p] * j[q];
      }
    }
    let improved = false;
    while (mu < 1e12) {
      const damped = jtj.map((row, p) => row.map((v, q) => (p === q ? v + mu * Math.max(v, 1e-12) : v)));
      const step = solve(damped, jtr);
      if (step) {
        const trial = sse(x, y, a + step[0], b + step[1], c + step[2]);
        if (Number.isFinite(trial) && trial <= current) {
          const gain = current - trial;
          a += step[0];
          b += step[1];
          c += step[2];
          current = trial;
          mu = Math.max(mu / 3, 1e-12);
          improved = gain > DEFAULTS.tolerance * Math.max(current, 1e-300);
          break;
        }
      }
      mu *= 4;
    }
    if (!improved) break;
  }
  return { a, b, c, residual: Math.sqrt(current / x.length), points: x.length, iterations };
}
