/**
 * training/epoch-driver: the one epoch loop of every engine. It feeds an engine's numerics (src/trial-numerics.ts)
 * the batches of each epoch in row order, counts optimiser steps, turns what the numerics recorded into per-step loss
 * records, divergence checks and epoch history, reports progress and honours abort. The engines differ only in the
 * NumericsFactory they pass, so every engine reports the same things the same way.
 */
import { batchSizes, divergenceMessage, reportEpoch, TrialRecorder, type EngineContext } from './engine-context';
import type { EpochNumbers, NumericsFactory, TrialNumerics } from './trial-numerics';
import type { TrialResult } from './types';
import { fail } from './errors';

/** Trains every trial of the context with the numerics the factory builds; returns one result per trial. */
export async function driveEpochs(ctx: EngineContext, factory: NumericsFactory): Promise<TrialResult[]> {
  const T = ctx.trials.length;
  // Every trial of a request shares its data sizes (trainTrials checks), hence one batch split for all.
  const rows = ctx.trials[0].train.rows;
  const validationRows = ctx.trials[0].validation?.rows ?? 0;
  const sizes = batchSizes(rows, ctx.config.batchSize);
  const recorders = ctx.trials.map((_, t) => new TrialRecorder(ctx.toNetwork(t, ctx.initial[t]), ctx.recordSteps));
  const units = factory(ctx);
  try {
    const firstTrial: number[] = [];
    let covered = 0;
    for (const unit of units) {
      firstTrial.push(covered);
      covered += unit.trialCount;
    }
    if (covered !== T) fail('trainTrials', `internal error, the engine's numerics cover ${covered} trials of ${T}`);
    let step = 0;
    for (let epoch = 0; epoch < ctx.epochs; epoch++) {
      for (let u = 0; u < units.length; u++) {
        const unit = units[u];
        const trials = Array.from({ length: unit.trialCount }, (_, i) => firstTrial[u] + i);
        if (!trials.some((t) => recorders[t].active)) continue;
        unit.beginEpoch(trials.map((t) => (recorders[t].active ? ctx.order(t, epoch) : null)));
        let start = 0;
        sizes.forEach((batch, s) => {
          unit.step(start, batch, step + s + 1);
          start += batch;
        });
        const numbers = await unit.endEpoch();
        for (let i = 0; i < trials.length; i++) {
          if (recorders[trials[i]].active) await record(trials[i], unit, i, numbers[i], epoch, step);
        }
      }
      step += sizes.length;
      await reportEpoch(ctx, recorders, epoch + 1);
      if (recorders.every((r) => !r.active)) break;
    }
    for (let u = 0; u < units.length; u++) {
      for (let i = 0; i < units[u].trialCount; i++) {
        const t = firstTrial[u] + i;
        if (recorders[t].result.status === 'ok')
          recorders[t].result.weights = ctx.toNetwork(t, await units[u].parameters(i));
      }
    }
  } finally {
    units.forEach((unit) => unit.dispose());
  }
  return recorders.map((r) => r.result);

  /** Trial t's epoch (instance `unit`, its trial i): step records up to the first non-finite loss, then history. */
  async function record(
    t: number,
    unit: TrialNumerics,
    i: number,
    n: EpochNumbers,
    epoch: number,
    stepsBefore: number,
  ) {
    const rec = recorders[t];
    const diverge = async (value: number, at: number) => {
      const message = divergenceMessage(value, at, epoch + 1, ctx.config.learningRate);
      rec.diverge(message, ctx.toNetwork(t, await unit.epochStartParameters(i)), at);
    };
    let sse = 0;
    for (let s = 0; s < sizes.length; s++) {
      const mse = n.stepSse[s] / sizes[s];
      const penalty = n.stepPenalty ? n.stepPenalty[s] : 0;
      rec.stepLosses?.push({ mse, penalty, loss: mse + penalty });
      if (!Number.isFinite(mse + penalty)) return diverge(mse + penalty, stepsBefore + s + 1);
      sse += n.stepSse[s];
    }
    const trainMse = sse / rows;
    const trainLoss = trainMse + n.penalty;
    if (!Number.isFinite(trainLoss)) return diverge(trainLoss, stepsBefore + sizes.length);
    const valMse = validationRows > 0 ? n.validationSse / validationRows : null;
    rec.result.history.push({ epoch: epoch + 1, trainMse, trainLoss, valMse });
    rec.result.epochsRun = epoch + 1;
    rec.result.steps = stepsBefore + sizes.length;
  }
}
