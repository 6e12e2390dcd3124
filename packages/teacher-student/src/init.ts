/**
 * teacher-student/init: weight initialisers drawn from this package's seeded Rng, in float64 plain arrays
 * (the NetworkWeights format of @spectral-ts/spectral).
 */
import type { Rng } from './rng';

/**
 * Glorot-uniform bound a = sqrt(6 / (fanIn + fanOut)) (method spec §1 for phi, §2 for the teacher, §3 for Dense-2).
 */
export function glorotBound(fanIn: number, fanOut: number): number {
  return Math.sqrt(6 / (fanIn + fanOut));
}

/** A rows x cols matrix of U(-a, a) draws with the Glorot bound of (rows, cols), filled row by row. */
export function glorotUniform(rows: number, cols: number, rng: Rng): number[][] {
  const a = glorotBound(rows, cols);
  const out: number[][] = [];
  for (let r = 0; r < rows; r++) {
    const row = new Array<number>(cols);
    for (let c = 0; c < cols; c++) row[c] = rng.uniformIn(-a, a);
    out.push(row);
  }
  return out;
}

/** A rows x cols matrix filled with one value. */
export function constantMatrix(rows: number, cols: number, value: number): number[][] {
  return Array.from({ length: rows }, () => new Array<number>(cols).fill(value));
}
