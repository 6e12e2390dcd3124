/**
 * training/train-trials: the entry point. Trains T trials of one (teacher, variant, N1) group with one strategy and
 * returns per trial its status, weights and history. Picks the fastest engine that supports the network (see
 * defaultEngineFor).
 */
import * as tf from '@tensorflow/tfjs';
import { validateNetwork, type NetworkWeights } from '@spectral-ts/spectral';
import { autodiffNumerics } from './autodiff-engine';
import { batchedNumerics } from './batched-engine';
import { registerBuiltinStrategies } from './builtin-strategies';
import { makeOrder, throwIfAborted, type EngineContext } from './engine-context';
import { driveEpochs } from './epoch-driver';
import { getStrategy, type TrainingStrategy } from './strategy';
import {
  assertSameArchitecture,
  buildTrainingPlan,
  packNetwork,
  unpackNetwork,
  type TrainingPlan,
} from './training-plan';
import type { NumericsFactory } from './trial-numerics';
import { nativeEngineStatus, nativeNumerics, nativeSupports } from './native-engine';
import { typedArrayNumerics } from './typed-array-engine';
import { wasmSimdNumerics } from './wasm-simd-engine';
import { wasmSimdSupports } from './wasm-simd-network';
import type { EngineChoice, EngineName, TrainTrialsRequest, TrainTrialsResult } from './types';
import { fail } from './errors';
import { divergenceOfFinished } from './divergence';
import { checkClassLabels, CROSS_ENTROPY_ENGINES, resolveLoss, type LossName } from './loss';

/**
 * Multiply-adds per sample above which the wasm backend's SIMD matMul (XNNPACK) beats the typed-array loops even with
 * its per-op cost. Measured side by side on wasm (ms per epoch, T = 1, paper student): N1 = 40 (1220 MACs/sample)
 * typed-array 36 vs tfjs program 88; N1 = 200 (6020) 145 vs 146-200; N1 = 1000 (30020) 680 vs 470.
 */
export const TYPED_ARRAY_MAX_MACS = 10000;

/** Multiply-adds of one sample's forward pass. */
export function macsPerSample(plan: TrainingPlan): number {
  return plan.layers.reduce((s, l) => s + l.inDim * l.units, 0);
}

/**
 * The engine 'auto' resolves to. The fused native trainer (@spectral-ts/kernel-native) for ReLU/linear chains when
 * its addon loads (the wasm-simd kernel's math with FMA and 256/512-bit vectors, one call per epoch); else the wasm
 * SIMD kernel for them on every backend: it is its own WebAssembly module, independent of the tfjs backend, and one
 * thread of it beats the native batched program at every measured size (whole machine, T = 30, 2 cores: 944 vs 242
 * trial-epochs/s at N1 = 40, 227 vs 119 at 200, 44 vs 30 at 1000; packages/training/README.md). Otherwise the batched program on the native backend, and on wasm
 * and cpu the typed-array loops for small networks or the (per-trial) tensor program above TYPED_ARRAY_MAX_MACS.
 * Under softmax cross-entropy only the engines that train it are candidates (see crossEntropyEngineFor).
 */
export function defaultEngineFor(backend: string, plan?: TrainingPlan, loss: LossName = 'mse'): EngineName {
  if (loss === 'softmax-cross-entropy') return crossEntropyEngineFor(backend, plan);
  if (plan && nativeSupports(plan)) return 'native';
  if (plan && wasmSimdSupports(plan)) {
    noteNativeFallback();
    return 'wasm-simd';
  }
  if (backend === 'tensorflow') return 'batched';
  if (backend === 'wasm' && plan && macsPerSample(plan) > TYPED_ARRAY_MAX_MACS) return 'batched';
  return 'typed-array';
}

/**
 * The engine 'auto' resolves to under softmax cross-entropy, among those that train it (CROSS_ENTROPY_ENGINES): the
 * native kernel when it loads and supports the network; else the tfjs autodiff loop where tfjs's matMul beats the
 * typed-array loops (the native backend, or wasm above TYPED_ARRAY_MAX_MACS); else the typed-array loops.
 */
function crossEntropyEngineFor(backend: string, plan?: TrainingPlan, withNative = true): EngineName {
  if (withNative && plan && nativeSupports(plan)) return 'native';
  if (backend === 'tensorflow') return 'autodiff';
  if (backend === 'wasm' && plan && macsPerSample(plan) > TYPED_ARRAY_MAX_MACS) return 'autodiff';
  return 'typed-array';
}

let fallbackNoted = false;

/** Says once per process, in one line, that auto fell back from the native kernel to wasm-simd, and why. */
function noteNativeFallback(): void {
  if (fallbackNoted) return;
  fallbackNoted = true;
  console.warn(`training: ${nativeEngineStatus()}; engine auto uses wasm-simd`);
}

/**
 * The engine trainTrials would pick for this network and strategy on this backend ('auto' resolved), so that a
 * scheduler can plan its units of work and workers before training.
 */
export function engineFor(
  backend: string,
  net: NetworkWeights,
  strategy: string | TrainingStrategy = 'spectral',
  frozenLayers: readonly number[] = [net.layers.length - 1],
  loss: LossName = 'mse',
): EngineName {
  const resolved = typeof strategy === 'string' ? getStrategy(strategy) : strategy;
  return defaultEngineFor(backend, buildTrainingPlan(net, resolved, frozenLayers, loss), loss);
}

/**
 * Whether an engine trains a group's trials as one program that already uses every core (the batched tensor
 * program on the native backend). The other engines train one trial at a time on one thread, so a scheduler should
 * give them one trial per unit and one worker per core.
 */
export function engineBatchesTrials(engine: EngineName): boolean {
  return engine === 'batched';
}

function resolveStrategy(request: TrainTrialsRequest): TrainingStrategy {
  registerBuiltinStrategies();
  if (typeof request.strategy === 'string') return getStrategy(request.strategy, request.strategyOptions);
  if (request.strategyOptions)
    fail(
      'trainTrials',
      'strategyOptions only apply to a strategy given by name (build the strategy object with them instead)',
    );
  return request.strategy;
}

/**
 * Trains every trial of the request. Each trial has its own initial weights, data and shuffle seed, and gets the
 * same numbers whether it trains alone or with others (up to float32 rounding on the batched engine).
 * Rejects on invalid input and on abort; a trial whose loss turns NaN/Inf is returned with status 'diverged'.
 */
export async function trainTrials(request: TrainTrialsRequest): Promise<TrainTrialsResult> {
  const { ctx, strategy } = engineContext(request);
  const { plan } = ctx;
  throwIfAborted(request.signal, 0);
  const backend = tf.getBackend();
  const engine = resolveEngine(request.engine ?? 'auto', backend, plan, ctx.loss);
  const trials = await driveEpochs(ctx, numericsOf(engine, backend));
  trials.forEach((r, t) => {
    const { train } = request.trials[t];
    const found =
      r.status === 'ok'
        ? divergenceOfFinished(r.weights, r.history, train, strategy.config.learningRate, ctx.loss)
        : null;
    if (found) Object.assign(r, { status: 'diverged', message: found.message });
  });
  return { trials, engine, backend, strategy: strategy.name, loss: ctx.loss, config: strategy.config };
}

/** The engine that runs a request: 'auto' resolved, and an engine asked for outside its scope replaced or refused. */
function resolveEngine(choice: EngineChoice, backend: string, plan: TrainingPlan, loss: LossName): EngineName {
  if (loss === 'softmax-cross-entropy') {
    if (choice === 'auto') return crossEntropyEngineFor(backend, plan);
    if (!(CROSS_ENTROPY_ENGINES as readonly string[]).includes(choice))
      fail(
        'trainTrials',
        `engine '${choice}' trains the MSE only; loss 'softmax-cross-entropy' trains on ` +
          `${CROSS_ENTROPY_ENGINES.join(', ')} (set engine to one of them, or to auto)`,
      );
    // Without the addon (or outside its activations) the native choice falls back as auto would without it.
    if (choice === 'native' && !nativeSupports(plan)) return crossEntropyEngineFor(backend, plan, false);
    return choice;
  }
  let engine: EngineName = choice === 'auto' ? defaultEngineFor(backend, plan) : choice;
  // The SIMD kernel covers ReLU/linear chains on runtimes with WebAssembly SIMD; anything else trains on typed arrays.
  if (engine === 'native' && !nativeSupports(plan)) engine = 'wasm-simd';
  if (engine === 'wasm-simd' && !wasmSimdSupports(plan)) engine = 'typed-array';
  return engine;
}

/** Checks a request and turns it into what the epoch driver and the numerics run on. */
export function engineContext(request: TrainTrialsRequest): { ctx: EngineContext; strategy: TrainingStrategy } {
  const strategy = resolveStrategy(request);
  if (!Array.isArray(request.trials) || request.trials.length === 0)
    fail('trainTrials', 'no trials given (pass at least one { initial, train, shuffleSeed })');
  if (!Number.isInteger(request.epochs) || request.epochs < 0)
    fail('trainTrials', `epochs must be an integer >= 0, got ${request.epochs} (e.g. 2000, method spec §3)`);
  const loss = resolveLoss(request.loss);
  const first = validateNetwork(request.trials[0].initial);
  const frozenLayers = request.frozenLayers ?? [first.layers.length - 1];
  const plan = buildTrainingPlan(first, strategy, frozenLayers, loss);
  const classes = plan.layers[plan.layers.length - 1].units;
  request.trials.forEach((trial, t) => {
    validateNetwork(trial.initial);
    assertSameArchitecture(plan, trial.initial, `trial ${t}'s network`);
    for (const [label, data] of [
      ['train', trial.train],
      ['validation', trial.validation],
    ] as const) {
      if (!data) continue;
      if (data.inputDim !== plan.inputDim)
        fail(
          'trainTrials',
          `trial ${t}'s ${label} data has inputDim ${data.inputDim}, the network expects ${plan.inputDim} (draw the data from the teacher the student was built for)`,
        );
      if (data.x.length !== data.rows * data.inputDim || data.y.length !== data.rows)
        fail(
          'trainTrials',
          `trial ${t}'s ${label} data has arrays that do not match rows = ${data.rows} (x needs rows * inputDim entries, y one per row)`,
        );
      if (loss === 'softmax-cross-entropy') checkClassLabels(data, classes, `trial ${t}'s ${label} data`);
    }
    if (trial.train.rows === 0) fail('trainTrials', `trial ${t} has no training rows (give it at least one)`);
    if (trial.train.rows !== request.trials[0].train.rows)
      fail(
        'trainTrials',
        `trial ${t} has ${trial.train.rows} training rows, trial 0 has ${request.trials[0].train.rows} (a group shares its data size)`,
      );
    if ((trial.validation?.rows ?? 0) !== (request.trials[0].validation?.rows ?? 0))
      fail('trainTrials', `trial ${t}'s validation size differs from trial 0's (a group shares its data size)`);
    if (!Number.isFinite(trial.shuffleSeed))
      fail('trainTrials', `trial ${t} needs a finite shuffleSeed (e.g. deriveSeed(seed, 'shuffle', t))`);
  });
  const initial = request.trials.map((t) => packNetwork(plan, t.initial));
  const ctx: EngineContext = {
    plan,
    config: strategy.config,
    trials: request.trials,
    initial,
    epochs: request.epochs,
    recordSteps: !!request.recordSteps,
    loss,
    order: makeOrder(request),
    onEpoch: request.onEpoch,
    signal: request.signal,
    toNetwork: (t, full) => unpackNetwork(plan, request.trials[t].initial, full),
  };
  return { ctx, strategy };
}

/** The numerics of an engine on a backend. */
function numericsOf(engine: EngineName, backend: string): NumericsFactory {
  switch (engine) {
    case 'batched':
      return batchedNumerics(backend === 'tensorflow');
    case 'typed-array':
      return typedArrayNumerics;
    case 'wasm-simd':
      return wasmSimdNumerics;
    case 'native':
      return nativeNumerics;
    case 'autodiff':
      return autodiffNumerics;
    default:
      return fail(
        'trainTrials',
        `unknown engine '${String(engine)}' (use auto, native, batched, typed-array, wasm-simd or autodiff)`,
      );
  }
}
