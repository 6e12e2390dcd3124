// The fast engines against the plain autodiff loop over a few hundred steps, trials batched against trials alone,
// divergence of one trial, determinism per seed, progress callbacks, abort, and input checks.
import { trainTrials, type EngineName, type TrialInput } from '../src';
import { maxRelErr, nativeEngines, randomStudent, teacherData } from './helpers';

const ROWS = 240;
const trial = (k: number, n1 = 16): TrialInput => ({
  initial: randomStudent(100 + k, 10, n1, 8),
  train: teacherData(200 + k, ROWS),
  validation: teacherData(300 + k, 60),
  shuffleSeed: 400 + k,
});

describe('fast engines against plain autodiff', () => {
  // Batch 12 on 240 rows: 20 steps per epoch, 15 epochs = 300 Adam steps.
  const options = { strategyOptions: { batchSize: 12 }, epochs: 15, recordSteps: true } as const;
  let reference: Awaited<ReturnType<typeof trainTrials>>;
  beforeAll(async () => {
    reference = await trainTrials({ trials: [trial(1)], strategy: 'spectral', engine: 'autodiff', ...options });
  });

  it.each(['typed-array', 'wasm-simd', 'batched', ...nativeEngines()] as EngineName[])(
    '%s: 300 steps of loss to 1e-4 and the same weights',
    async (engine) => {
      const result = await trainTrials({ trials: [trial(1)], strategy: 'spectral', engine, ...options });
      expect(result.engine).toBe(engine);
      const a = result.trials[0];
      const b = reference.trials[0];
      expect(a.steps).toBe(300);
      expect(
        maxRelErr(
          a.stepLosses!.map((s) => s.loss),
          b.stepLosses!.map((s) => s.loss),
        ),
      ).toBeLessThan(1e-4);
      expect(
        maxRelErr(
          a.history.map((h) => h.valMse!),
          b.history.map((h) => h.valMse!),
        ),
      ).toBeLessThan(1e-4);
      const wa = a.weights.layers[0];
      const wb = b.weights.layers[0];
      if (wa.kind !== 'spectral' || wb.kind !== 'spectral') throw new Error('kind');
      const scale = Math.max(...wb.lambdaOut.map(Math.abs));
      expect(maxRelErr(wa.lambdaOut, wb.lambdaOut, scale)).toBeLessThan(1e-4);
    },
  );
});

describe.each(['typed-array', 'wasm-simd', 'batched', ...nativeEngines()] as EngineName[])('engine %s', (engine) => {
  it('T trials together give each trial the numbers it gets alone', async () => {
    const trials = [trial(1), trial(2), trial(3)];
    const together = await trainTrials({
      trials,
      strategy: 'direct',
      strategyOptions: { batchSize: 50 },
      epochs: 4,
      engine,
    });
    for (let t = 0; t < trials.length; t++) {
      const alone = await trainTrials({
        trials: [trials[t]],
        strategy: 'direct',
        strategyOptions: { batchSize: 50 },
        epochs: 4,
        engine,
      });
      const h1 = together.trials[t].history.map((h) => h.trainLoss);
      const h2 = alone.trials[0].history.map((h) => h.trainLoss);
      expect(maxRelErr(h1, h2)).toBeLessThan(1e-5);
    }
    // And the trials really differ from each other (own data, init and order).
    expect(together.trials[0].history[3].trainLoss).not.toBeCloseTo(together.trials[1].history[3].trainLoss, 6);
  });

  it('a diverging trial stops with status diverged while the others finish', async () => {
    const bad = trial(2);
    // A NaN label makes that trial's loss NaN at its first step (the same on float32 and float64 engines).
    const huge = { ...bad, train: { ...bad.train, y: bad.train.y.map((v, i) => (i === 7 ? NaN : v)) } };
    const result = await trainTrials({
      trials: [trial(1), huge, trial(3)],
      strategy: 'spectral',
      strategyOptions: { batchSize: 60 },
      epochs: 3,
      engine,
    });
    expect(result.trials.map((t) => t.status)).toEqual(['ok', 'diverged', 'ok']);
    const d = result.trials[1];
    expect(d.message).toMatch(/training\/trainTrials: the loss became (Infinity|NaN) at optimiser step \d \(epoch 1\)/);
    expect(d.epochsRun).toBe(0);
    expect(d.history).toHaveLength(0);
    expect(result.trials[0].epochsRun).toBe(3);
    expect(result.trials[2].history.every((h) => Number.isFinite(h.trainLoss))).toBe(true);
  });

  it('a huge learning rate diverges (NaN/Inf loss), reported per trial, never as ok', async () => {
    const result = await trainTrials({
      trials: [trial(4)],
      strategy: 'spectral',
      strategyOptions: { learningRate: 1e200, batchSize: 60 },
      epochs: 5,
      engine,
    });
    expect(result.trials[0].status).toBe('diverged');
    expect(result.trials[0].message).toMatch(/lower the learning rate/);
  });

  it('is deterministic for a seed and changes with the shuffle seed', async () => {
    const run = (seed: number) =>
      trainTrials({
        trials: [{ ...trial(5), shuffleSeed: seed }],
        strategy: 'spectral',
        strategyOptions: { batchSize: 40 },
        epochs: 3,
        engine,
      });
    const [a, b, c] = [await run(1), await run(1), await run(2)];
    expect(a.trials[0].weights).toEqual(b.trials[0].weights);
    expect(a.trials[0].history).toEqual(b.trials[0].history);
    expect(a.trials[0].history[2].trainLoss).not.toBe(c.trials[0].history[2].trainLoss);
  });

  it('reports progress every epoch and aborts at an epoch boundary', async () => {
    const seen: number[] = [];
    const controller = new AbortController();
    const promise = trainTrials({
      trials: [trial(1), trial(2)],
      strategy: 'spectral',
      strategyOptions: { batchSize: 60 },
      epochs: 50,
      engine,
      signal: controller.signal,
      onEpoch: (p) => {
        seen.push(p.epoch);
        expect(p.trials).toHaveLength(2);
        expect(p.trials.some((t) => Number.isFinite(t.trainLoss))).toBe(true);
        if (p.epoch === 3) controller.abort();
      },
    });
    await expect(promise).rejects.toMatchObject({ name: 'AbortError' });
    expect(seen).toEqual([1, 2, 3]);
  });
});

describe('input checks', () => {
  it('names what is wrong', async () => {
    await expect(trainTrials({ trials: [], strategy: 'spectral', epochs: 1 })).rejects.toThrow(
      /training\/trainTrials: no trials/,
    );
    const other = { ...trial(2, 12) };
    await expect(trainTrials({ trials: [trial(1), other], strategy: 'spectral', epochs: 1 })).rejects.toThrow(
      /differs from trial 0/,
    );
    const short = { ...trial(1), train: { ...trial(1).train, rows: 10 } };
    await expect(trainTrials({ trials: [short], strategy: 'spectral', epochs: 1 })).rejects.toThrow(
      /do not match rows/,
    );
    await expect(
      trainTrials({ trials: [trial(1)], strategy: 'spectral', epochs: 1, frozenLayers: [0, 1, 2] }),
    ).rejects.toThrow(/trains no parameter/);
  });
});

describe('engine choice', () => {
  it("'auto' picks the native kernel (else wasm SIMD) for relu/linear chains on every backend, else the batched program on tensorflow and by size elsewhere", async () => {
    const {
      buildTrainingPlan,
      defaultEngineFor,
      engineBatchesTrials,
      engineFor,
      macsPerSample,
      spectralStrategy,
      TYPED_ARRAY_MAX_MACS,
    } = await import('../src');
    const relu = nativeEngines().length > 0 ? 'native' : 'wasm-simd';
    const small = buildTrainingPlan(randomStudent(1, 10, 40, 20), spectralStrategy(), [2]);
    const large = buildTrainingPlan(randomStudent(1, 10, 1000, 20), spectralStrategy(), [2]);
    const tanhOf = (n: ReturnType<typeof randomStudent>) => ({
      ...n,
      layers: n.layers.map((l, k) => (k === 0 ? { ...l, activation: 'tanh' as const } : l)),
    });
    const smallTanh = buildTrainingPlan(tanhOf(randomStudent(1, 10, 40, 20)), spectralStrategy(), [2]);
    const largeTanh = buildTrainingPlan(tanhOf(randomStudent(1, 10, 1000, 20)), spectralStrategy(), [2]);
    expect(macsPerSample(small)).toBe(10 * 40 + 40 * 20 + 20);
    expect(macsPerSample(large)).toBeGreaterThan(TYPED_ARRAY_MAX_MACS);
    expect(defaultEngineFor('tensorflow', small)).toBe(relu);
    expect(defaultEngineFor('tensorflow', smallTanh)).toBe('batched');
    expect(defaultEngineFor('tensorflow', largeTanh)).toBe('batched');
    // engineFor builds the plan itself; only the batched program trains a group's trials together.
    expect(engineFor('tensorflow', randomStudent(1, 10, 40, 20))).toBe(relu);
    expect(engineFor('tensorflow', tanhOf(randomStudent(1, 10, 40, 20)))).toBe('batched');
    expect(['batched', 'native', 'wasm-simd', 'typed-array'].map((e) => engineBatchesTrials(e as EngineName))).toEqual([
      true,
      false,
      false,
      false,
    ]);
    for (const backend of ['wasm', 'cpu']) {
      expect(defaultEngineFor(backend, small)).toBe(relu);
      expect(defaultEngineFor(backend, large)).toBe(relu);
      expect(defaultEngineFor(backend, smallTanh)).toBe('typed-array');
    }
    expect(defaultEngineFor('wasm', largeTanh)).toBe('batched');
    expect(defaultEngineFor('cpu', largeTanh)).toBe('typed-array');
    const auto = await trainTrials({ trials: [trial(1)], strategy: 'spectral', epochs: 1 });
    expect(auto.engine).toBe(
      defaultEngineFor(auto.backend, buildTrainingPlan(trial(1).initial, spectralStrategy(), [2])),
    );
  });
});
