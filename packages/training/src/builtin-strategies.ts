/**
 * training/builtin-strategies: the paper's two variants (spectral, direct) and the two strategies of the reference
 * code's exploratory scripts (eigenvalues-only, alternating), each with the paper's defaults.
 */
import type { ParameterGroupRef } from './parameter-groups';
import {
  mergeConfig,
  registerStrategy,
  type StrategyConfig,
  type StrategyOverrides,
  type StrategySchedule,
  type TrainingStrategy,
} from './strategy';

/** L2 of the spectral layer: Keras 'l2' = 0.01 on phi, the layer's 5e-4 on both eigenvalue vectors (method spec §1). */
const SPECTRAL_L2 = { phi: 0.01, lambdaIn: 5e-4, lambdaOut: 5e-4, kernel: 0, bias: 0 };

/** Spectral variant: Adam lr 0.005, batch 300 (method spec §3). */
export const SPECTRAL_DEFAULTS: StrategyConfig = { learningRate: 0.005, batchSize: 300, l2: SPECTRAL_L2 };

/** Direct variant: lr 0.002, batch 500, L2 0.01 on phi (= W) only; lambda frozen (method spec §1 "Direct variant", §3). */
export const DIRECT_DEFAULTS: StrategyConfig = {
  learningRate: 0.002,
  batchSize: 500,
  l2: { phi: 0.01, lambdaIn: 0, lambdaOut: 0, kernel: 0, bias: 0 },
};

/**
 * The paper's node ranking for spectral-type students, the rescaled eigenvalue L_i (method spec §4), and the pruned
 * view their topology is compared in (method spec §5.4). Names of @spectral-ts/pruning's registered rankings.
 */
const SPECTRAL_ANALYSIS = { pruningView: 'pruned', ranking: 'rescaled-eigenvalue' } as const;

/**
 * Direct students: the incoming weight norm ||w_i|| sqrt(N1) (the "feature norm", method spec §4), which on the
 * student's spectral layer with lambdaIn = 0 gives the same numbers as the rescaled eigenvalue, and the full network
 * (method spec §5.4: a direct student keeps every node).
 */
const DIRECT_ANALYSIS = { pruningView: 'full', ranking: 'weight-norm' } as const;

/** Alternating: spectral lr/batch and L2, phases flip every 10 optimiser steps (method spec §7). */
export const ALTERNATING_DEFAULTS: StrategyConfig = { ...SPECTRAL_DEFAULTS, period: 10 };

function l2From(config: StrategyConfig) {
  return (g: ParameterGroupRef): number => config.l2[g.name];
}

// lambdaIn is 0 and frozen in the paper's setting (method spec §1); no built-in strategy trains it.
function isTrainedSpectralOrDense(g: ParameterGroupRef): boolean {
  return g.name === 'phi' || g.name === 'lambdaOut' || g.name === 'kernel' || g.name === 'bias';
}

/** Spectral training: phi, lambdaOut, dense kernels and biases train (method spec §3). */
export function spectralStrategy(overrides?: StrategyOverrides): TrainingStrategy {
  const config = mergeConfig(SPECTRAL_DEFAULTS, overrides);
  return {
    name: 'spectral',
    description: 'phi, lambdaOut and dense kernels trained; L2 0.01 on phi, 5e-4 on lambda (method spec §1, §3)',
    config,
    ...SPECTRAL_ANALYSIS,
    trainable: isTrainedSpectralOrDense,
    l2: l2From(config),
  };
}

/** Direct training: lambdaOut frozen at its initial value (1), so the layer is a dense layer W = -phi (method spec §1). */
export function directStrategy(overrides?: StrategyOverrides): TrainingStrategy {
  const config = mergeConfig(DIRECT_DEFAULTS, overrides);
  return {
    name: 'direct',
    description: 'lambdaOut frozen at 1 (W = -phi); phi and dense kernels trained; L2 0.01 on phi (method spec §1, §3)',
    config,
    ...DIRECT_ANALYSIS,
    trainable: (g) => g.name === 'phi' || g.name === 'kernel' || g.name === 'bias',
    l2: l2From(config),
  };
}

/** Eigenvalues only: phi frozen; lambdaOut and dense layers train (method spec §7, [T] spectral_pretrain). */
export function eigenvaluesOnlyStrategy(overrides?: StrategyOverrides): TrainingStrategy {
  const config = mergeConfig(SPECTRAL_DEFAULTS, overrides);
  return {
    name: 'eigenvalues-only',
    description: 'phi frozen; lambdaOut and dense kernels trained; spectral L2 and defaults (method spec §7)',
    config,
    ...SPECTRAL_ANALYSIS,
    trainable: (g) => g.name === 'lambdaOut' || g.name === 'kernel' || g.name === 'bias',
    l2: l2From(config),
  };
}

/**
 * Alternating training (method spec §7, AlternateTraining): gradients of the full loss every step, one shared Adam;
 * the "diag" phase applies every group except phi, the "base" phase every group except lambdaOut; the phase flips
 * every `period` optimiser steps, diag first.
 */
export function alternatingStrategy(overrides?: StrategyOverrides): TrainingStrategy {
  const config = mergeConfig(ALTERNATING_DEFAULTS, overrides);
  const period = config.period!;
  const schedule: StrategySchedule = {
    phases: ['diag', 'base'],
    phaseAt: (step) => (Math.floor(step / period) % 2 === 0 ? 'diag' : 'base'),
    applies: (phase, g) => (phase === 'diag' ? g.name !== 'phi' : g.name !== 'lambdaOut'),
  };
  return {
    name: 'alternating',
    description:
      'phi and lambdaOut updated in alternating phases of 10 optimiser steps, diag first; dense always (method spec §7)',
    config,
    ...SPECTRAL_ANALYSIS,
    trainable: isTrainedSpectralOrDense,
    l2: l2From(config),
    schedule,
  };
}

let registered = false;
/** Registers the built-in strategies once (called on import of the package). */
export function registerBuiltinStrategies(): void {
  if (registered) return;
  registered = true;
  registerStrategy('spectral', spectralStrategy);
  registerStrategy('direct', directStrategy);
  registerStrategy('eigenvalues-only', eigenvaluesOnlyStrategy);
  registerStrategy('alternating', alternatingStrategy);
}
