// The one epoch driver over the T-trial numerics interface: the batched program serving three trials in one instance
// (on any backend) against one instance per trial, one diverging trial inside a T-trial instance, the L2 rule for
// frozen regularised groups on every engine and in SpectralDense, the autodiff reference's alternating phases, and
// that the tensor engines free every tensor they make.
import * as tf from '@tensorflow/tfjs';
import { trainTrials, type EngineName, type TrialInput } from '../src';
import { batchedNumerics } from '../src/batched-engine';
import { driveEpochs } from '../src/epoch-driver';
import { engineContext } from '../src/train-trials';
import type { EpochProgress, TrainTrialsRequest } from '../src/types';
import { maxRelErr, nativeEngines, randomStudent, teacherData } from './helpers';

const trial = (k: number): TrialInput => ({
  initial: randomStudent(100 + k, 10, 16, 8),
  train: teacherData(200 + k, 120),
  validation: teacherData(300 + k, 40),
  shuffleSeed: 400 + k,
});

describe('the batched numerics with a trial axis', () => {
  const request = (trials: TrialInput[], onEpoch?: (p: EpochProgress) => void): TrainTrialsRequest => ({
    trials,
    strategy: 'spectral',
    strategyOptions: { batchSize: 30 },
    epochs: 3,
    recordSteps: true,
    onEpoch,
  });

  it('one instance of three trials gives each trial the numbers one instance per trial gives it', async () => {
    const trials = [trial(1), trial(2), trial(3)];
    const seen: EpochProgress[] = [];
    const together = await driveEpochs(engineContext(request(trials, (p) => seen.push(p))).ctx, batchedNumerics(true));
    const apart = await driveEpochs(engineContext(request(trials)).ctx, batchedNumerics(false));
    for (let t = 0; t < 3; t++) {
      expect(together[t].steps).toBe(12);
      const loss = (r: typeof together) => r[t].stepLosses!.map((s) => s.loss);
      expect(maxRelErr(loss(together), loss(apart))).toBeLessThan(1e-5);
      expect(
        maxRelErr(
          together[t].history.map((h) => h.valMse!),
          apart[t].history.map((h) => h.valMse!),
        ),
      ).toBeLessThan(1e-5);
    }
    expect(seen.map((p) => [p.epoch, p.trials.length])).toEqual([
      [1, 3],
      [2, 3],
      [3, 3],
    ]);
  });

  it('a NaN trial inside the instance stops alone at its first non-finite step, with epoch-start weights', async () => {
    const bad = trial(2);
    // Row 95 of 120 is NaN: the trial's loss turns NaN at the batch holding it in epoch 1 (4 batches of 30).
    const nanLabel = { ...bad, train: { ...bad.train, y: bad.train.y.map((v, i) => (i === 95 ? NaN : v)) } };
    const order = () => Array.from({ length: 120 }, (_, i) => i);
    const ctx = engineContext({ ...request([trial(1), nanLabel, trial(3)]), batchOrder: order }).ctx;
    const result = await driveEpochs(ctx, batchedNumerics(true));
    expect(result.map((r) => r.status)).toEqual(['ok', 'diverged', 'ok']);
    expect(result[1].message).toMatch(/at optimiser step 4 \(epoch 1\)/);
    expect(result[1].steps).toBe(4);
    expect(result[1].stepLosses).toHaveLength(4);
    // Epoch 1's start: the initial weights, as the float32 program holds them.
    const f32 = (net: typeof nanLabel.initial) =>
      JSON.stringify(net, (_k, v) => (typeof v === 'number' ? Math.fround(v) : v));
    expect(f32(result[1].weights)).toBe(f32(nanLabel.initial));
    expect(result[0].epochsRun).toBe(3);
    expect(result[2].history.every((h) => Number.isFinite(h.trainLoss))).toBe(true);
  });
});

describe('L2 of frozen regularised groups (method spec §1: a constant with no gradient)', () => {
  const engines: EngineName[] = ['typed-array', 'wasm-simd', 'batched', 'autodiff', ...nativeEngines()];
  const initial = randomStudent(7, 6, 8, 5);
  const layer = initial.layers[0];
  if (layer.kind !== 'spectral') throw new Error('kind');
  const phiSquares = layer.phi.flat().reduce((s, v) => s + v * v, 0);
  const lambdaSquares = layer.lambdaOut.reduce((s, v) => s + v * v, 0);
  const run = (engine: EngineName, phiL2: number) =>
    trainTrials({
      trials: [{ initial, train: teacherData(3, 40, 6), shuffleSeed: 1 }],
      strategy: 'eigenvalues-only',
      strategyOptions: { batchSize: 10, l2: { phi: phiL2 } },
      epochs: 2,
      engine,
      recordSteps: true,
    });

  it.each(engines)('%s: frozen phi adds c_phi sum(phi^2) to every penalty and changes no weight', async (engine) => {
    const [withL2, without] = [await run(engine, 0.01), await run(engine, 0)];
    // Step 1 is before any update: the penalty of the initial weights, frozen phi included.
    expect(withL2.trials[0].stepLosses![0].penalty).toBeCloseTo(0.01 * phiSquares + 5e-4 * lambdaSquares, 6);
    const a = withL2.trials[0];
    const b = without.trials[0];
    const penaltyGap = a.stepLosses!.map((s, i) => s.penalty - b.stepLosses![i].penalty);
    expect(
      maxRelErr(
        penaltyGap,
        penaltyGap.map(() => 0.01 * phiSquares),
      ),
    ).toBeLessThan(1e-5);
    expect(a.weights).toEqual(b.weights);
    expect(
      maxRelErr(
        a.history.map((h) => h.trainLoss - h.trainMse),
        b.history.map((h) => h.trainLoss - h.trainMse + 0.01 * phiSquares),
      ),
    ).toBeLessThan(1e-5);
  });

  it('the fast engines report the penalty the autodiff reference takes from SpectralDense regularisers', async () => {
    const reference = (await run('autodiff', 0.01)).trials[0].stepLosses!.map((s) => s.penalty);
    for (const engine of ['typed-array', 'wasm-simd', 'batched', ...nativeEngines()] as EngineName[]) {
      const penalties = (await run(engine, 0.01)).trials[0].stepLosses!.map((s) => s.penalty);
      expect(maxRelErr(penalties, reference)).toBeLessThan(1e-5);
    }
  });

  it('autodiff refuses per-vector eigenvalue coefficients SpectralDense cannot hold, naming the fields', async () => {
    const trained = { ...trial(1), initial: { ...trial(1).initial } };
    const request: TrainTrialsRequest = {
      trials: [trained],
      strategy: 'spectral',
      strategyOptions: { l2: { lambdaIn: 1e-3 } },
      epochs: 1,
      engine: 'autodiff',
    };
    // lambdaIn is 0 and frozen in the paper's student: its coefficient adds nothing, so it is accepted.
    await expect(trainTrials(request)).resolves.toMatchObject({ engine: 'autodiff' });
    const first = trained.initial.layers[0];
    if (first.kind !== 'spectral') throw new Error('kind');
    const nonZero = {
      ...trained,
      initial: {
        ...trained.initial,
        layers: [{ ...first, lambdaIn: first.lambdaIn.map(() => 0.1) }, ...trained.initial.layers.slice(1)],
      },
    };
    await expect(trainTrials({ ...request, trials: [nonZero] })).rejects.toThrow(
      /give l2.lambdaIn and l2.lambdaOut one value/,
    );
  });
});

describe('the autodiff reference with a phase schedule', () => {
  it('alternating trains as typed-array does (every step to 1e-4): shared step count, moments kept', async () => {
    const options: TrainTrialsRequest = {
      trials: [trial(4)],
      strategy: 'alternating',
      strategyOptions: { batchSize: 12 },
      epochs: 3,
      recordSteps: true,
    };
    const reference = await trainTrials({ ...options, engine: 'autodiff' });
    const fast = await trainTrials({ ...options, engine: 'typed-array' });
    expect(reference.trials[0].steps).toBe(30);
    const losses = (r: typeof fast) => r.trials[0].stepLosses!.map((s) => s.loss);
    expect(maxRelErr(losses(reference), losses(fast))).toBeLessThan(1e-4);
  });
});

describe('tensor memory', () => {
  it.each(['batched', 'autodiff'] as EngineName[])(
    '%s leaves no tensor behind, after a run and after an abort',
    async (engine) => {
      const request: TrainTrialsRequest = {
        trials: [trial(1), trial(2)],
        strategy: 'alternating',
        strategyOptions: { batchSize: 30 },
        epochs: 2,
        engine,
        recordSteps: true,
      };
      await trainTrials(request);
      const before = tf.memory().numTensors;
      await trainTrials(request);
      expect(tf.memory().numTensors).toBe(before);
      const controller = new AbortController();
      const onEpoch = () => controller.abort();
      await expect(trainTrials({ ...request, epochs: 5, signal: controller.signal, onEpoch })).rejects.toMatchObject({
        name: 'AbortError',
      });
      expect(tf.memory().numTensors).toBe(before);
    },
  );
});

describe('progress.weights: the live weights after an epoch', () => {
  it.each(['wasm-simd', 'typed-array'] as EngineName[])(
    '%s: epoch 2 of a 2-epoch run reads the final weights; epoch 1 reads weights that a 1-epoch run ends with',
    async (engine) => {
      const trials = [trial(1), trial(2)];
      const live: string[][] = [];
      const onEpoch = async (p: EpochProgress) => {
        live.push([JSON.stringify(await p.weights!(0)), JSON.stringify(await p.weights!(1))]);
      };
      const base = { trials, strategy: 'spectral', strategyOptions: { batchSize: 30 }, engine };
      const two = await trainTrials({ ...base, epochs: 2, onEpoch });
      const one = await trainTrials({ ...base, epochs: 1 });
      expect(live).toHaveLength(2);
      expect(live[1]).toEqual(two.trials.map((t) => JSON.stringify(t.weights)));
      expect(live[0]).toEqual(one.trials.map((t) => JSON.stringify(t.weights)));
      expect(live[0][0]).not.toEqual(live[1][0]);
    },
  );
  it('names a trial that does not exist', async () => {
    let error: unknown;
    await trainTrials({
      trials: [trial(1)],
      strategy: 'direct',
      epochs: 1,
      onEpoch: async (p) => {
        error = await p.weights!(3).catch((e: unknown) => e);
      },
    });
    expect(String(error)).toMatch(/progress\.weights\(3\): no such trial \(0\.\.0\)/);
  });
});
