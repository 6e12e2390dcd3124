/**
 * teacher-student/presets/builtin-presets: the experiments shipped with the package.
 */
import type { ExperimentDescription } from './experiment-description';

// method spec §2: the paper's teacher (d = 10, h_T = 20, h_2 = 20) and data (10000 rows per trial, last 20% held
// out, 10000 test rows).
const PAPER_TEACHER = { kind: 'nn', inputDim: 10, hidden: [20, 20], seed: 0 };
const PAPER_DATA = { train: 10000, test: 10000, validationSplit: 0.2, seed: 1 };

/** Every value of method spec §3: the suggested N1 sweep, 30 trials, 2000 epochs, both variants. */
export const PAPER_PRESET: ExperimentDescription = {
  name: 'paper',
  description:
    'The paper protocol (method spec §2-§3): nn teacher 10-20-20-1, N1 in {10, 20, 40, 60, 200, 500, 1000}, spectral and direct, 30 trials of 2000 epochs.',
  teacher: PAPER_TEACHER,
  data: PAPER_DATA,
  students: { hidden: [10, 20, 40, 60, 200, 500, 1000], variants: ['spectral', 'direct'] },
  training: { epochs: 2000 },
  trials: 30,
  seed: 2,
};

/** The paper protocol at two sizes and 3 trials: enough to see n ~ h_T for spectral and n ~ N1 for direct. */
export const PAPER_MINI_PRESET: ExperimentDescription = {
  name: 'paper-mini',
  description:
    'The paper protocol at N1 in {40, 200} with 3 trials of 2000 epochs: the effective-size effect at a fraction of the cost.',
  teacher: PAPER_TEACHER,
  data: PAPER_DATA,
  students: { hidden: [40, 200], variants: ['spectral', 'direct'] },
  training: { epochs: 2000 },
  trials: 3,
  seed: 2,
};

/** A demo that shows the effect in about a minute. */
export const QUICK_PRESET: ExperimentDescription = {
  name: 'quick',
  // Measured with the default wasm-simd engine, 2 workers, 2 cores: 1500 epochs of the paper's batch sizes over 8000
  // rows (40 500 spectral steps, 75% of the paper's 54 000) take ~30 s for both variants and already show the effect:
  // spectral keeps 24 of 40 and 25.5 of 100 nodes (n* 19-20 = h_T), direct keeps all of them. 600 epochs left
  // spectral at 27.5 and 33 (n* 20-24); 300 epochs on 4000 rows at ~58 of 100.
  description:
    'A half-minute demo: N1 in {40, 100}, 2 trials, 10000 training rows, 1500 epochs; spectral keeps about h_T = 20 nodes, direct keeps all of them.',
  teacher: PAPER_TEACHER,
  data: { train: 10000, test: 4000, validationSplit: 0.2, seed: 1 },
  students: { hidden: [40, 100], variants: ['spectral', 'direct'] },
  training: { epochs: 1500 },
  trials: 2,
  seed: 2,
};
