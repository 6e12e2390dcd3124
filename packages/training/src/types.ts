/**
 * training/types: the request and result of trainTrials, the one entry point the CLI and the experiments call.
 */
import type { NetworkWeights } from '@spectral-ts/spectral';
import type { Dataset } from '@spectral-ts/teacher-student';
import type { LossName } from './loss';
import type { StrategyConfig, StrategyOverrides, TrainingStrategy } from './strategy';

/** One trial of a (teacher, variant, N1) group. */
export interface TrialInput {
  /** Initial weights (not modified). Every trial of a request must share the architecture. */
  initial: NetworkWeights;
  /** Training rows (the paper: the first 8000 of the trial's 10000, method spec §2). */
  train: Dataset;
  /** Held-out rows for the per-epoch validation loss (the paper: the last 2000), optional. */
  validation?: Dataset;
  /** Seed of this trial's per-epoch shuffles. */
  shuffleSeed: number;
}

/**
 * Which implementation runs the training. 'auto' picks 'native' (the fused C++ trainer of @spectral-ts/kernel-native)
 * for ReLU/linear chains when its addon loads, and otherwise 'batched' on the native backend ('tensorflow') and on wasm/cpu
 * 'wasm-simd' (the hand-written WebAssembly SIMD kernel) for ReLU/linear chains, else 'typed-array' (see
 * defaultEngineFor). 'wasm-simd' asked for on a network outside its scope (sigmoid/tanh, or no WebAssembly SIMD)
 * runs 'typed-array' instead, and the result's `engine` says so. 'autodiff' is the plain per-trial tfjs loop
 * (tf.variableGrads + tf.train.adam) kept as the reference the others are tested against and as the bench's naive
 * baseline.
 */
export type EngineChoice = 'auto' | 'native' | 'batched' | 'typed-array' | 'wasm-simd' | 'autodiff';
export type EngineName = Exclude<EngineChoice, 'auto'>;

/** Progress report after every epoch. */
export interface EpochProgress {
  /** 1-based epoch just finished. */
  epoch: number;
  epochs: number;
  /** Per trial, in request order; a trial that stopped keeps its last values and status. */
  trials: { status: TrialStatus; trainLoss: number; valMse: number | null }[];
  /**
   * Reads trial t's weights as they are after this epoch (valid only until onEpoch returns; read on demand, so a
   * caller that never asks pays nothing). Live views draw the network from it while it trains.
   */
  weights?: (trial: number) => Promise<NetworkWeights>;
}

export interface TrainTrialsRequest {
  trials: TrialInput[];
  /** A registered strategy name ('spectral', 'direct', 'eigenvalues-only', 'alternating', or a plugin's) or a strategy. */
  strategy: string | TrainingStrategy;
  /** Overrides of the named strategy's defaults (learning rate, batch size, L2, period). */
  strategyOptions?: StrategyOverrides;
  /** Number of epochs (the paper: 2000, method spec §3). */
  epochs: number;
  /**
   * Layers whose parameters never train. Default: the last layer (the paper's frozen all-ones output, method spec §3).
   * Pass [] to train every layer.
   */
  frozenLayers?: number[];
  /** Default 'auto'. */
  engine?: EngineChoice;
  /**
   * The data loss (default 'mse': the paper's, method spec §3). 'softmax-cross-entropy' trains a classifier: the
   * network's last layer is linear with C >= 2 units (its outputs are the logits), every label of train and
   * validation is a class index in [0, C) stored as a float in Dataset.y, and the loss is the mean over rows of
   * logsumexp(z) - z[y] (natural log). The engines 'native', 'typed-array' and 'autodiff' train it; 'auto' picks
   * among them (see defaultEngineFor). Classifiers usually train their output layer: pass frozenLayers: [].
   */
  loss?: LossName;
  /** Called after every epoch (awaited if it returns a promise). */
  onEpoch?: (progress: EpochProgress) => void | Promise<void>;
  /** Aborting rejects the promise with an Error named 'AbortError' at the next epoch boundary. */
  signal?: AbortSignal;
  /** Also record every optimiser step's batch loss and L2 penalty (before the step's update). Costs time. */
  recordSteps?: boolean;
  /**
   * Row order of an epoch for a trial (a permutation of 0..train.rows-1). Default: a Fisher-Yates shuffle from
   * createRng(shuffleSeed), drawn fresh each epoch. Tests use it to replay a fixed batch order.
   */
  batchOrder?: (trial: number, epoch: number) => ArrayLike<number>;
}

/** One epoch of one trial. */
export interface EpochRecord {
  /** 1-based. */
  epoch: number;
  /**
   * The mean data loss over the epoch's training batches, weighted by batch size (as Keras reports it): the mean
   * squared error under 'mse', the mean softmax cross-entropy (nats) under 'softmax-cross-entropy'.
   */
  trainMse: number;
  /** trainMse plus the L2 penalty of the trained parameters at the end of the epoch. */
  trainLoss: number;
  /** The mean data loss (as trainMse) on the validation rows after the epoch, or null without validation data. */
  valMse: number | null;
}

/** One optimiser step (recordSteps), computed before that step's update. */
export interface StepRecord {
  /** The batch's mean data loss (MSE, or cross-entropy under 'softmax-cross-entropy'). */
  mse: number;
  penalty: number;
  loss: number;
}

export type TrialStatus = 'ok' | 'diverged';

export interface TrialResult {
  /**
   * 'diverged' when a loss became NaN or infinite, or a rule of ./divergence fired (a loss far above the best
   * constant predictor's, a loss that grew by orders of magnitude, a constant output): the trial's weights are not a
   * result.
   */
  status: TrialStatus;
  /** Why the trial stopped (diverged trials only). */
  message?: string;
  /**
   * Trained weights ('ok'). For a diverged trial: the last finite weights (start of the epoch in which the loss
   * became non-finite; the initial weights when a divergence rule stopped it during training; the final weights
   * when it collapsed), for inspection only.
   */
  weights: NetworkWeights;
  history: EpochRecord[];
  /** Completed epochs. */
  epochsRun: number;
  /** Optimiser steps taken (for a diverged trial: up to and including the first non-finite one). */
  steps: number;
  /** Per-step losses when recordSteps was set. */
  stepLosses?: StepRecord[];
}

export interface TrainTrialsResult {
  trials: TrialResult[];
  /** The implementation that ran. */
  engine: EngineName;
  /** The tfjs backend in use. */
  backend: string;
  strategy: string;
  /** The data loss trained (and reported in trainMse / valMse): the request's, 'mse' by default. */
  loss: LossName;
  /** The strategy's numbers after overrides. */
  config: StrategyConfig;
}
