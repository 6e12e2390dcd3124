/**
 * training/wasm-simd-engine: trains the trials one after another (epoch by epoch, each trial in its own wasm
 * instance) with the hand-written WebAssembly SIMD kernel of WasmSimdNetwork: float32, closed-form gradients, Adam
 * on one flat vector. The path for the wasm and cpu backends on ReLU/linear chains (toolchain.md speed facts: tfjs
 * gains nothing from a trial axis there, and per-op dispatch dominates).
 */
import type { EngineContext } from './engine-context';
import { bufferRows, trainSequential, type SequentialTrial } from './sequential-engine';
import type { TrialResult } from './types';
import { WasmSimdNetwork } from './wasm-simd-network';

export async function trainWasmSimd(ctx: EngineContext): Promise<TrialResult[]> {
  const { plan, config } = ctx;
  return trainSequential(ctx, (t): SequentialTrial => {
    const trial = ctx.trials[t];
    const net = new WasmSimdNetwork(plan, bufferRows(config.batchSize, trial), ctx.initial[t], trial.train, trial.validation);
    return {
      params: net.params,
      beginEpoch(order) {
        const snapshot = Float32Array.from(net.params);
        net.setOrder(order);
        return () => {
          const now = Float32Array.from(net.params);
          net.params.set(snapshot);
          const full = net.fullParameters();
          net.params.set(now);
          return ctx.toNetwork(t, full);
        };
      },
      lossGradient: (start, rows) => net.lossGradient(start, rows),
      update: (step) => net.adamStep(step, config.learningRate, plan.phaseIndexAt(step - 1)),
      validationSse: () => net.validationSse(),
      full: () => net.fullParameters(),
    };
  });
}
