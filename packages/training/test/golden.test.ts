// The engines reproduce the golden Adam trajectories (both variants, every step, final weights) of
// packages/training/test/fixtures/golden-training.json, computed in float64 by an independent PyTorch implementation.
import { trainTrials, type EngineName } from '../src';
import { goldenDataset, goldenOrder, loadGolden, maxRelErr, nativeEngines, paperStudent } from './helpers';

// The wasm-simd engine's deterministic module (test/wasm-relaxed.test.ts covers the relaxed-FMA one).
process.env.SPECTRAL_WASM_RELAXED = 'off';
afterAll(() => {
  delete process.env.SPECTRAL_WASM_RELAXED;
});

const golden = loadGolden();
const engines: EngineName[] = ['typed-array', 'wasm-simd', 'batched', 'autodiff', ...nativeEngines()];

describe.each(engines)('golden trajectories, engine %s', (engine) => {
  it.each(golden.runs.map((r) => [r.variant, r] as const))(
    '%s: every step and the final weights to 1e-4',
    async (_v, run) => {
      const initial = paperStudent(golden.init.phi, golden.init.lambdaOut, golden.init.secondKernel);
      const epochs = golden.shapes.steps / (golden.shapes.rows / golden.shapes.batchSize);
      const result = await trainTrials({
        trials: [{ initial, train: goldenDataset(golden), shuffleSeed: 0 }],
        strategy: run.variant,
        strategyOptions: { batchSize: golden.shapes.batchSize },
        epochs,
        engine,
        recordSteps: true,
        batchOrder: goldenOrder(golden),
      });
      expect(result.engine).toBe(engine);
      expect(result.config.learningRate).toBe(run.learningRate);
      const trial = result.trials[0];
      expect(trial.status).toBe('ok');
      expect(trial.steps).toBe(golden.shapes.steps);
      const steps = trial.stepLosses!;
      expect(steps).toHaveLength(run.steps.length);
      for (const field of ['mse', 'penalty', 'loss'] as const) {
        expect(
          maxRelErr(
            steps.map((s) => s[field]),
            run.steps.map((s) => s[field]),
          ),
        ).toBeLessThan(1e-4);
      }
      const first = trial.weights.layers[0];
      const second = trial.weights.layers[1];
      if (first.kind !== 'spectral' || second.kind !== 'dense') throw new Error('layer kinds changed');
      // Weights: error relative to the array's largest entry (entries near 0 carry no relative meaning; Adam amplifies float32 noise in them).
      const scale = (a: number[]) => Math.max(...a.map(Math.abs));
      const phi = run.final.phi.flat();
      expect(maxRelErr(first.phi.flat(), phi, scale(phi))).toBeLessThan(1e-4);
      expect(maxRelErr(first.lambdaOut, run.final.lambdaOut)).toBeLessThan(1e-4);
      const k2 = run.final.secondKernel.flat();
      expect(maxRelErr(second.kernel.flat(), k2, scale(k2))).toBeLessThan(1e-4);
      // The last layer stayed frozen at ones.
      const out = trial.weights.layers[2];
      expect(out.kind === 'dense' && out.kernel.flat().every((v) => v === 1)).toBe(true);
    },
  );
});
