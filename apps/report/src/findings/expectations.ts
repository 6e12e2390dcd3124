/**
 * report/findings/expectations: what the method expects of a faithful run, as numbers the key findings test against.
 * The thresholds are the method spec's own (§9); the ones stated for h_T = 20 are scaled by h_T so that a run with
 * another teacher size is judged by the same rule.
 */
import { DEFAULT_TOLERANCE_FRACTION } from '@spectral-ts/pruning';

export const EXPECTATIONS = {
  /** Spectral average dimension within [18, 28] for h_T = 20, i.e. [0.9, 1.4]·h_T (method spec §9.3). */
  spectralSize: { low: 0.9, high: 1.4 },
  /** The size checks apply from N1 = 40 at h_T = 20 on, i.e. N1 >= 2·h_T (method spec §9.3-9.4). */
  checkedFromWidth: 2,
  /** Direct average dimension at least 0.85·N1 for N1 <= 200 and 0.3·N1 above (method spec §9.4). */
  directSize: { fraction: 0.85, wideFraction: 0.3, wideFrom: 200 },
  /** Plateau: deltaMse <= 0.01·Var(y) at every n >= h_T (method spec §9.6; pruning's n* tolerance). */
  plateauFraction: DEFAULT_TOLERANCE_FRACTION,
  /** Transition: deltaMse grows at least 10x from n = h_T to h_T - 4 (method spec §9.7). */
  jumpFactor: 10,
  jumpOffset: -4,
  /** ... and reaches 0.1·Var(y) by n = h_T - 5 (method spec §9.7). */
  deepOffset: -5,
  deepFraction: 0.1,
  /** Contrast: direct deltaMse at n = h_T at least 50x the spectral one (method spec §9.8). */
  contrastFactor: 50,
  /** Collapse: spread across N1 within a factor 3 on n - h_T in [-10, -2] (method spec §9.9). */
  collapseSpread: 3,
  collapseWindow: [-10, -2] as const,
  /** Topology: the pruned spectral student's paths closer to the teacher's than the direct student's (§6, §9.10). */
  topologyRatio: 1,
} as const;
