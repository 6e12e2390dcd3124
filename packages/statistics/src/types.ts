/**
 * statistics/types: the shapes every summary stores. @spectral-ts/results re-exports them as part of the
 * results-directory contract; a change of meaning is a results schema change.
 */

/** Mean and standard deviation (ddof 0, method spec §5.2) over n values (in a results file: the finished trials). */
export interface Stat {
  mean: number;
  std: number;
  n: number;
}

/** A Stat with a bootstrap confidence interval of the mean (95% unless `level` says otherwise). */
export interface StatWithInterval extends Stat {
  ci: [number, number];
  level: number;
}

/** A Stat with the smallest and largest value. */
export interface RangeStat extends Stat {
  min: number;
  max: number;
}
