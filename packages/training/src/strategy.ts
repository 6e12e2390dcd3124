/**
 * training/strategy: what a training strategy decides (which parameter groups train, their L2 coefficients, the
 * default learning rate and batch size, an optional phase schedule) and the registry plugins add strategies to.
 */
import type { ParameterGroupRef } from './parameter-groups';
import { fail } from './errors';

/** L2 coefficients per parameter group; Keras convention c * sum(x^2), no 1/2 factor (method spec §1). */
export interface L2Coefficients {
  phi: number;
  lambdaIn: number;
  lambdaOut: number;
  /** Dense kernels (the paper's Dense-2 is unregularised, method spec §3). */
  kernel: number;
  bias: number;
}

/** The tunable numbers of a strategy; every field has a default in the strategy and can be overridden. */
export interface StrategyConfig {
  /** Adam learning rate. */
  learningRate: number;
  /** Mini-batch size (the last batch of an epoch may be smaller). */
  batchSize: number;
  l2: L2Coefficients;
  /** For phased strategies: optimiser steps per phase. */
  period?: number;
}

/** Overrides accepted by getStrategy: any subset of the config (l2 merged field by field). */
export interface StrategyOverrides {
  learningRate?: number;
  batchSize?: number;
  l2?: Partial<L2Coefficients>;
  period?: number;
}

/**
 * A phase schedule: gradients are always of the full loss, but only the groups a phase applies are updated in
 * that step (method spec §7). Adam is shared: its step count advances every step.
 */
export interface StrategySchedule {
  /** The phases in the order they first occur. */
  readonly phases: readonly string[];
  /** The phase of the 0-based optimiser step `step` (counted over the whole run, across epochs). */
  phaseAt(step: number): string;
  /** Whether a trainable group is updated in a phase. */
  applies(phase: string, group: ParameterGroupRef): boolean;
}

/**
 * How the pruning and topology analyses look at a student trained by a strategy. 'pruned': the score-cutoff survivors
 * (method spec §5.4, spectral-type students, whose eigenvalues switch nodes off); 'full': every neuron (direct
 * students, which keep every node).
 */
export type PruningView = 'pruned' | 'full';

/** What a strategy that declares neither gets: the pruned view, and pruning's 'auto' ranking (by layer kind). */
export const DEFAULT_PRUNING_VIEW: PruningView = 'pruned';

/** A training strategy: pure decisions, no state. */
export interface TrainingStrategy {
  readonly name: string;
  readonly description: string;
  readonly config: StrategyConfig;
  /** The view the topology analysis records for its students (default DEFAULT_PRUNING_VIEW). */
  readonly pruningView?: PruningView;
  /**
   * The registered node ranking (@spectral-ts/pruning) that scores its students' nodes, by name; absent: pruning's
   * 'auto'. A config's pruning.ranking overrides it.
   */
  readonly ranking?: string;
  /** Whether a group is trained at all (groups of frozen layers never are, whatever this says). */
  trainable(group: ParameterGroupRef): boolean;
  /**
   * The L2 coefficient of a group, trained or frozen: a frozen group adds the constant c sum(x^2) to the loss with no
   * gradient (method spec §1, as Keras and SpectralDense do).
   */
  l2(group: ParameterGroupRef): number;
  schedule?: StrategySchedule;
}

/** Builds a strategy from overrides of its defaults. */
export type StrategyFactory = (overrides?: StrategyOverrides) => TrainingStrategy;

export interface StrategyInfo {
  name: string;
  description: string;
  defaults: StrategyConfig;
  pruningView: PruningView;
  /** Absent when the strategy leaves the ranking to pruning's 'auto'. */
  ranking?: string;
}

const registry = new Map<string, { factory: StrategyFactory; info: StrategyInfo }>();

/** Merges overrides into a config and checks the numbers. */
export function mergeConfig(
  defaults: StrategyConfig,
  overrides: StrategyOverrides = {},
  fn = 'getStrategy',
): StrategyConfig {
  const config: StrategyConfig = {
    learningRate: overrides.learningRate ?? defaults.learningRate,
    batchSize: overrides.batchSize ?? defaults.batchSize,
    l2: { ...defaults.l2, ...(overrides.l2 ?? {}) },
    period: overrides.period ?? defaults.period,
  };
  if (!(config.learningRate > 0) || !Number.isFinite(config.learningRate)) {
    fail(fn, `learningRate must be a positive finite number, got ${config.learningRate} (e.g. 0.005)`);
  }
  if (!Number.isInteger(config.batchSize) || config.batchSize <= 0)
    fail(fn, `batchSize must be a positive integer, got ${config.batchSize} (e.g. 300)`);
  for (const [k, v] of Object.entries(config.l2)) {
    if (!(v >= 0) || !Number.isFinite(v))
      fail(fn, `l2.${k} must be a finite number >= 0, got ${v} (0 disables the penalty)`);
  }
  if (config.period !== undefined && (!Number.isInteger(config.period) || config.period <= 0)) {
    fail(fn, `period must be a positive integer number of optimiser steps, got ${config.period} (e.g. 10)`);
  }
  return config;
}

/**
 * Registers a strategy under a name (plugins call this). Throws if the name is taken unless `replace` is set.
 * The factory is called once with no overrides to record its defaults.
 */
export function registerStrategy(name: string, factory: StrategyFactory, options: { replace?: boolean } = {}): void {
  if (!name || typeof name !== 'string')
    fail('registerStrategy', "a strategy needs a non-empty name (pass e.g. 'my-strategy')");
  if (registry.has(name) && !options.replace) {
    fail(
      'registerStrategy',
      `a strategy named '${name}' is already registered (pick another name or pass { replace: true })`,
    );
  }
  const probe = factory();
  if (probe.name !== name)
    fail(
      'registerStrategy',
      `the factory builds a strategy named '${probe.name}', not '${name}' (register it under its own name)`,
    );
  if (probe.pruningView !== undefined && probe.pruningView !== 'pruned' && probe.pruningView !== 'full') {
    const view = String(probe.pruningView);
    fail('registerStrategy', `strategy '${name}' declares pruningView '${view}' (use 'pruned' or 'full')`);
  }
  const info: StrategyInfo = {
    name,
    description: probe.description,
    defaults: probe.config,
    pruningView: probe.pruningView ?? DEFAULT_PRUNING_VIEW,
    ...(probe.ranking !== undefined ? { ranking: probe.ranking } : {}),
  };
  registry.set(name, { factory, info });
}

/** The strategy registered under `name`, with its defaults overridden by `overrides`. */
export function getStrategy(name: string, overrides?: StrategyOverrides): TrainingStrategy {
  const entry = registry.get(name);
  if (!entry) fail('getStrategy', `unknown strategy '${name}' (registered: ${[...registry.keys()].join(', ')})`);
  return entry.factory(overrides);
}

/** The analysis view and ranking a registered strategy declares (defaults filled in). */
export function strategyAnalysis(name: string): { pruningView: PruningView; ranking?: string } {
  const entry = registry.get(name);
  if (!entry) fail('strategyAnalysis', `unknown strategy '${name}' (registered: ${[...registry.keys()].join(', ')})`);
  const { pruningView, ranking } = entry.info;
  return ranking !== undefined ? { pruningView, ranking } : { pruningView };
}

/** Every registered strategy with its description and defaults. */
export function listStrategies(): StrategyInfo[] {
  return [...registry.values()].map((e) => structuredClone(e.info));
}
