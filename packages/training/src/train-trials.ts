/**
 * training/train-trials: the entry point. Trains T trials of one (teacher, variant, N1) group with one strategy and
 * returns per trial its status, weights and history. Picks the engine from the tfjs backend in use: the batched
 * tensor program on the native backend, the typed-array kernels on wasm and cpu.
 */
import * as tf from '@tensorflow/tfjs';
import { validateNetwork } from '@spectral-ts/spectral';
import { trainAutodiff } from './autodiff-engine';
import { trainBatched } from './batched-engine';
import { registerBuiltinStrategies } from './builtin-strategies';
import { makeOrder, throwIfAborted, type EngineContext } from './engine-context';
import { getStrategy, type TrainingStrategy } from './strategy';
import { assertSameArchitecture, buildTrainingPlan, packNetwork, unpackNetwork } from './training-plan';
import { trainTypedArray } from './typed-array-engine';
import type { EngineChoice, EngineName, TrainTrialsRequest, TrainTrialsResult } from './types';

function fail(message: string): never {
  throw new Error(`training/trainTrials: ${message}`);
}

/** The engine 'auto' resolves to on a tfjs backend. */
export function defaultEngineFor(backend: string): EngineName {
  return backend === 'tensorflow' ? 'batched' : 'typed-array';
}

function resolveStrategy(request: TrainTrialsRequest): TrainingStrategy {
  registerBuiltinStrategies();
  if (typeof request.strategy === 'string') return getStrategy(request.strategy, request.strategyOptions);
  if (request.strategyOptions) fail('strategyOptions only apply to a strategy given by name (build the strategy object with them instead)');
  return request.strategy;
}

/**
 * Trains every trial of the request. Each trial has its own initial weights, data and shuffle seed, and gets the
 * same numbers whether it trains alone or with others (up to float32 rounding on the batched engine).
 * Rejects on invalid input and on abort; a trial whose loss turns NaN/Inf is returned with status 'diverged'.
 */
export async function trainTrials(request: TrainTrialsRequest): Promise<TrainTrialsResult> {
  const strategy = resolveStrategy(request);
  if (!Array.isArray(request.trials) || request.trials.length === 0) fail('no trials given (pass at least one { initial, train, shuffleSeed })');
  if (!Number.isInteger(request.epochs) || request.epochs < 0) fail(`epochs must be an integer >= 0, got ${request.epochs}`);
  const first = validateNetwork(request.trials[0].initial);
  const frozenLayers = request.frozenLayers ?? [first.layers.length - 1];
  const plan = buildTrainingPlan(first, strategy, frozenLayers);
  request.trials.forEach((trial, t) => {
    validateNetwork(trial.initial);
    assertSameArchitecture(plan, trial.initial, `trial ${t}'s network`);
    for (const [label, data] of [['train', trial.train], ['validation', trial.validation]] as const) {
      if (!data) continue;
      if (data.inputDim !== plan.inputDim) fail(`trial ${t}'s ${label} data has inputDim ${data.inputDim}, the network expects ${plan.inputDim}`);
      if (data.x.length !== data.rows * data.inputDim || data.y.length !== data.rows) fail(`trial ${t}'s ${label} data has arrays that do not match rows = ${data.rows}`);
    }
    if (trial.train.rows === 0) fail(`trial ${t} has no training rows`);
    if (trial.train.rows !== request.trials[0].train.rows) fail(`trial ${t} has ${trial.train.rows} training rows, trial 0 has ${request.trials[0].train.rows} (a group shares its data size)`);
    if ((trial.validation?.rows ?? 0) !== (request.trials[0].validation?.rows ?? 0)) fail(`trial ${t}'s validation size differs from trial 0's`);
    if (!Number.isFinite(trial.shuffleSeed)) fail(`trial ${t} needs a finite shuffleSeed`);
  });
  throwIfAborted(request.signal, 0);
  const backend = tf.getBackend();
  const choice: EngineChoice = request.engine ?? 'auto';
  const engine: EngineName = choice === 'auto' ? defaultEngineFor(backend) : choice;
  const initial = request.trials.map((t) => packNetwork(plan, t.initial));
  const ctx: EngineContext = {
    plan,
    config: strategy.config,
    trials: request.trials,
    initial,
    epochs: request.epochs,
    recordSteps: !!request.recordSteps,
    order: makeOrder(request),
    onEpoch: request.onEpoch,
    signal: request.signal,
    toNetwork: (t, full) => unpackNetwork(plan, request.trials[t].initial, full),
  };
  let trials;
  switch (engine) {
    case 'batched':
      trials = await trainBatched(ctx);
      break;
    case 'typed-array':
      trials = await trainTypedArray(ctx);
      break;
    case 'autodiff':
      trials = await trainAutodiff(ctx);
      break;
    default:
      fail(`unknown engine '${String(engine)}' (use auto, batched, typed-array or autodiff)`);
  }
  return { trials, engine, backend, strategy: strategy.name, config: strategy.config };
}
