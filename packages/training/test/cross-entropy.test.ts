// Softmax cross-entropy training: the typed-array gradient against central finite differences and tf autodiff, the
// native kernel against the typed-array engine, a separable 3-class problem trained to high accuracy on every
// engine that trains it, the label and engine checks, the constant-predictor baseline and divergence under it.
import type { NetworkWeights } from '@spectral-ts/spectral';
import { createRng, type Dataset } from '@spectral-ts/teacher-student';
import {
  autodiffGradient,
  buildTrainingPlan,
  constantPredictorLoss,
  defaultEngineFor,
  detectCollapse,
  directStrategy,
  engineFor,
  packNetwork,
  trainTrials,
  TypedArrayNetwork,
  type EngineName,
  type TrainTrialsRequest,
} from '../src';
import { NativeNetwork } from '../src/native-engine';
import { maxRelErr, nativeEngines, trainEverything } from './helpers';

const CE = 'softmax-cross-entropy' as const;

/** A d -> hidden (spectral relu, biased) -> classes (dense linear, biased) classifier with small random weights. */
function classifier(seed: number, d: number, hidden: number, classes: number, scale = 0.5): NetworkWeights {
  const rng = createRng(seed);
  const m = (r: number, c: number, s: number) =>
    Array.from({ length: r }, () => Array.from({ length: c }, () => rng.uniformIn(-s, s)));
  const v = (n: number, lo: number, hi: number) => Array.from({ length: n }, () => rng.uniformIn(lo, hi));
  return {
    inputDim: d,
    layers: [
      {
        kind: 'spectral',
        phi: m(d, hidden, scale),
        lambdaIn: v(d, -0.3, 0.3),
        lambdaOut: v(hidden, 0.5, 1.5),
        bias: v(hidden, 0, 0.2),
        activation: 'relu',
      },
      { kind: 'dense', kernel: m(hidden, classes, scale), bias: v(classes, -0.1, 0.1), activation: 'linear' },
    ],
  };
}

/** `rows` points of `classes` Gaussian blobs (standard deviation `spread`) around random centres in d dimensions. */
function blobs(seed: number, rows: number, d: number, classes: number, spread = 0.3): Dataset {
  const rng = createRng(seed);
  const centres = Array.from({ length: classes }, (_, c) =>
    Array.from({ length: d }, (_, j) => (j % classes === c ? 2 : 0) + rng.uniformIn(-0.3, 0.3)),
  );
  const x = new Float32Array(rows * d);
  const y = new Float32Array(rows);
  for (let r = 0; r < rows; r++) {
    const c = r % classes;
    y[r] = c;
    for (let j = 0; j < d; j++) x[r * d + j] = centres[c][j] + spread * rng.normal();
  }
  return { inputDim: d, rows, x, y };
}

/** Inputs in [0, 1] labelled by the argmax of a random linear map (a 784-wide stand-in for image data). */
function wideData(seed: number, rows: number, d: number, classes: number): Dataset {
  const rng = createRng(seed);
  const w = Array.from({ length: d * classes }, () => rng.normal());
  const x = new Float32Array(rows * d);
  const y = new Float32Array(rows);
  for (let r = 0; r < rows; r++) {
    for (let j = 0; j < d; j++) x[r * d + j] = rng.uniform() < 0.8 ? 0 : rng.uniform();
    let best = 0;
    let bestScore = -Infinity;
    for (let c = 0; c < classes; c++) {
      let s = 0;
      for (let j = 0; j < d; j++) s += x[r * d + j] * w[j * classes + c];
      if (s > bestScore) [best, bestScore] = [c, s];
    }
    y[r] = best;
  }
  return { inputDim: d, rows, x, y };
}

/** Fraction of rows whose largest logit is the label's. */
function accuracy(net: NetworkWeights, data: Dataset): number {
  const plan = buildTrainingPlan(net, trainEverything, [], CE);
  const typed = new TypedArrayNetwork(plan, data.rows, CE);
  const full = packNetwork(plan, net);
  typed.loadParameters(full);
  typed.copyInput(data.x, 0, data.rows);
  const out = typed.forward(full, data.rows);
  const classes = plan.layers[plan.layers.length - 1].units;
  let right = 0;
  for (let r = 0; r < data.rows; r++) {
    let best = 0;
    for (let c = 1; c < classes; c++) if (out[r * classes + c] > out[r * classes + best]) best = c;
    if (best === data.y[r]) right++;
  }
  return right / data.rows;
}

/** The typed-array engine's mean cross-entropy and gradient of all rows of a data set at a parameter vector. */
function typedGradient(net: NetworkWeights, full: Float64Array, data: Dataset) {
  const plan = buildTrainingPlan(net, trainEverything, [], CE);
  const typed = new TypedArrayNetwork(plan, data.rows, CE);
  const grad = new Float64Array(plan.trainedSize);
  typed.loadParameters(full);
  typed.copyInput(data.x, 0, data.rows);
  const sum = typed.lossGradient(full, data.y, null, 0, data.rows, grad);
  return { plan, loss: sum / data.rows, grad };
}

describe('softmax cross-entropy gradient (6-5-3 network)', () => {
  const net = classifier(3, 6, 5, 3);
  const data = blobs(4, 23, 6, 3, 1);
  const plan = buildTrainingPlan(net, trainEverything, [], CE);
  const full = packNetwork(plan, net);
  const { loss, grad } = typedGradient(net, full, data);

  it('typed-array equals central finite differences to 1e-4 (float64)', () => {
    const h = 1e-6;
    const numeric = new Float64Array(plan.trainedSize);
    for (let i = 0; i < plan.trainedSize; i++) {
      const plus = Float64Array.from(full);
      const minus = Float64Array.from(full);
      plus[i] += h;
      minus[i] -= h;
      numeric[i] = (typedGradient(net, plus, data).loss - typedGradient(net, minus, data).loss) / (2 * h);
    }
    const scale = Math.max(...numeric.map(Math.abs));
    expect(scale).toBeGreaterThan(1e-2);
    expect(maxRelErr(grad, numeric, 1e-3 * scale)).toBeLessThan(1e-4);
  });

  it('typed-array equals tf autodiff (tf.losses.softmaxCrossEntropy) to 1e-4', () => {
    const reference = autodiffGradient(plan, full, data.x, data.y, data.rows, CE);
    expect(Math.abs(reference.mse - loss) / loss).toBeLessThan(1e-5);
    const scale = Math.max(...reference.grad.map(Math.abs));
    expect(maxRelErr(grad, reference.grad, 1e-2 * scale)).toBeLessThan(1e-4);
  });

  it('the loss is the mean of logsumexp(z) - z[y] (all-zero logits: ln C)', () => {
    const zero: NetworkWeights = {
      ...net,
      layers: [net.layers[0], { kind: 'dense', kernel: [0, 1, 2, 3, 4].map(() => [0, 0, 0]), activation: 'linear' }],
    };
    const zeroPlan = buildTrainingPlan(zero, trainEverything, [], CE);
    expect(typedGradient(zero, packNetwork(zeroPlan, zero), data).loss).toBeCloseTo(Math.log(3), 12);
  });
});

const native = nativeEngines();
const describeNative = native.length ? describe : describe.skip;

describeNative('native kernel under softmax cross-entropy (784-wide inputs)', () => {
  const net = classifier(7, 784, 24, 10, 0.1);
  const train = wideData(8, 240, 784, 10);
  const validation = wideData(9, 60, 784, 10);

  it('its gradient equals the typed-array engine to 1e-4', () => {
    const plan = buildTrainingPlan(net, trainEverything, [], CE);
    const full = packNetwork(plan, net);
    const reference = typedGradient(net, full, train);
    const kernel = new NativeNetwork(plan, train.rows, full, train, undefined, undefined, CE);
    kernel.trainer.setOrder(Int32Array.from({ length: train.rows }, (_, r) => r));
    expect(Math.abs(kernel.trainer.lossGradient(0, train.rows) / train.rows - reference.loss)).toBeLessThan(
      1e-5 * reference.loss,
    );
    const scale = Math.max(...reference.grad.map(Math.abs));
    expect(maxRelErr(kernel.trainer.gradient(), reference.grad, 1e-2 * scale)).toBeLessThan(1e-4);
  });

  it('trains the trajectory of the typed-array engine over 4 epochs (float32 tolerance)', async () => {
    const request = (engine: EngineName): TrainTrialsRequest => ({
      trials: [{ initial: net, train, validation, shuffleSeed: 5 }],
      strategy: 'spectral',
      strategyOptions: { batchSize: 40, learningRate: 0.01 },
      epochs: 4,
      frozenLayers: [],
      loss: CE,
      engine,
    });
    const [fast, reference] = await Promise.all([trainTrials(request('native')), trainTrials(request('typed-array'))]);
    expect(fast.engine).toBe('native');
    expect(fast.loss).toBe(CE);
    const a = fast.trials[0].history;
    const b = reference.trials[0].history;
    expect(a.length).toBe(4);
    expect(b[3].trainMse).toBeLessThan(0.8 * b[0].trainMse);
    expect(
      maxRelErr(
        a.map((h) => h.trainMse),
        b.map((h) => h.trainMse),
      ),
    ).toBeLessThan(1e-3);
    expect(
      maxRelErr(
        a.map((h) => h.valMse!),
        b.map((h) => h.valMse!),
      ),
    ).toBeLessThan(1e-3);
    expect(
      maxRelErr(
        a.map((h) => h.trainLoss),
        b.map((h) => h.trainLoss),
      ),
    ).toBeLessThan(1e-3);
  });
});

describe('a separable 3-class problem (Gaussian blobs)', () => {
  const train = blobs(21, 300, 4, 3);
  const validation = blobs(22, 150, 4, 3);
  const engines: EngineName[] = [...native, 'typed-array', 'autodiff'];

  it.each(engines)('%s trains it to > 95%% validation accuracy', async (engine) => {
    const result = await trainTrials({
      trials: [{ initial: classifier(23, 4, 16, 3), train, validation, shuffleSeed: 1 }],
      strategy: 'spectral',
      strategyOptions: { batchSize: 30, learningRate: 0.02 },
      epochs: 15,
      frozenLayers: [],
      loss: CE,
      engine,
    });
    expect(result.engine).toBe(engine);
    const trial = result.trials[0];
    expect(trial.status).toBe('ok');
    const start = Math.log(3);
    expect(trial.history[14].valMse!).toBeLessThan(0.3 * start);
    expect(accuracy(trial.weights, validation)).toBeGreaterThan(0.95);
  });
});

describe('cross-entropy requests that cannot train', () => {
  const train = blobs(31, 30, 4, 3);
  const base = (over: Partial<TrainTrialsRequest> = {}, data = train): TrainTrialsRequest => ({
    trials: [{ initial: classifier(32, 4, 6, 3), train: data, shuffleSeed: 1 }],
    strategy: 'spectral',
    epochs: 1,
    frozenLayers: [],
    loss: CE,
    engine: 'typed-array',
    ...over,
  });
  const withLabel = (r: number, y: number) => {
    const copy = { ...train, y: Float32Array.from(train.y) };
    copy.y[r] = y;
    return copy;
  };

  it('a non-integer or out-of-range label names the trial, the row and the fix', async () => {
    await expect(trainTrials(base({}, withLabel(7, 1.5)))).rejects.toThrow(
      "training/trainTrials: trial 0's train data row 7 has label 1.5, but softmax-cross-entropy needs a class index 0..2",
    );
    await expect(trainTrials(base({}, withLabel(3, 3)))).rejects.toThrow(/row 3 has label 3, .*class index 0..2/);
    await expect(trainTrials(base({}, withLabel(0, -1)))).rejects.toThrow(/row 0 has label -1/);
    const request = base();
    request.trials[0].validation = withLabel(2, 9);
    await expect(trainTrials(request)).rejects.toThrow(/trial 0's validation data row 2 has label 9/);
  });

  it('data declaring another number of classes than the logits is refused', async () => {
    await expect(trainTrials(base({}, { ...train, classes: 10 } as Dataset))).rejects.toThrow(
      /has 10 classes but the network has 3 logits/,
    );
  });

  it('a network with one output, or a non-linear last layer, is refused', async () => {
    const one = classifier(33, 4, 6, 1);
    await expect(trainTrials({ ...base(), trials: [{ initial: one, train, shuffleSeed: 1 }] })).rejects.toThrow(
      /softmax-cross-entropy needs a network ending in a linear layer of C >= 2 logits, got 1 linear unit/,
    );
    const relu = classifier(34, 4, 6, 3);
    relu.layers[1] = { ...relu.layers[1], activation: 'relu' } as NetworkWeights['layers'][number];
    await expect(trainTrials({ ...base(), trials: [{ initial: relu, train, shuffleSeed: 1 }] })).rejects.toThrow(
      /got 3 relu unit/,
    );
  });

  it('an engine that trains only the MSE names the engines that train cross-entropy', async () => {
    for (const engine of ['wasm-simd', 'batched'] as const) {
      await expect(trainTrials(base({ engine }))).rejects.toThrow(
        `engine '${engine}' trains the MSE only; loss 'softmax-cross-entropy' trains on native, typed-array, autodiff`,
      );
    }
    await expect(trainTrials(base({ loss: 'hinge' as never }))).rejects.toThrow(
      'loss must be one of mse, softmax-cross-entropy, got "hinge"',
    );
  });

  it('a huge learning rate is caught as divergence, not returned as a result', async () => {
    const diverged = await trainTrials(base({ epochs: 10, strategyOptions: { learningRate: 1e4, batchSize: 10 } }));
    const trial = diverged.trials[0];
    expect(trial.status).toBe('diverged');
    // One epoch at this rate throws the mean cross-entropy to ~1e12 nats against ln 3 for the label frequencies.
    expect(trial.message).toMatch(
      /the training cross-entropy \S+ is \S+ times the constant-predictor cross-entropy \(label entropy\) 1.10e\+0/,
    );
    expect(trial.epochsRun).toBeLessThan(10);
  });
});

describe('the best constant predictor and the engine choice under cross-entropy', () => {
  it('constantPredictorLoss: Var(y) under mse, the entropy of the class frequencies in nats under cross-entropy', () => {
    const data: Dataset = { inputDim: 1, rows: 4, x: new Float32Array(4), y: Float32Array.from([0, 0, 1, 2]) };
    expect(constantPredictorLoss(data, 'mse')).toBeCloseTo(0.6875, 12);
    expect(constantPredictorLoss(data, CE)).toBeCloseTo(-(0.5 * Math.log(0.5) + 0.5 * Math.log(0.25)), 12);
    const one: Dataset = { ...data, y: Float32Array.from([2, 2, 2, 2]) };
    expect(constantPredictorLoss(one, CE)).toBe(0);
  });

  it('a classifier whose logits are one constant vector on every row has collapsed', () => {
    const ctx = { labelVariance: Math.log(3), loss: CE };
    expect(detectCollapse(Float64Array.from([1, 2, 3, 1, 2, 3, 1, 2, 3]), 4, ctx, 3)?.rule).toBe('collapsed');
    expect(detectCollapse(Float64Array.from([1, 2, 3, 1, 2, 3, 1, 2, 3.5]), 4, ctx, 3)).toBeNull();
  });

  it("'auto' picks native when it loads, else autodiff on tensorflow (or wasm above TYPED_ARRAY_MAX_MACS), else typed-array", () => {
    const small = buildTrainingPlan(classifier(41, 4, 6, 3), directStrategy(), [], CE);
    const expected = native.length ? 'native' : undefined;
    for (const backend of ['tensorflow', 'wasm', 'cpu']) {
      expect(defaultEngineFor(backend, small, CE)).toBe(
        expected ?? (backend === 'tensorflow' ? 'autodiff' : 'typed-array'),
      );
    }
    expect(defaultEngineFor('tensorflow', undefined, CE)).toBe('autodiff');
    expect(defaultEngineFor('wasm', undefined, CE)).toBe('typed-array');
    expect(defaultEngineFor('cpu', undefined, CE)).toBe('typed-array');
    expect(engineFor('cpu', classifier(42, 784, 500, 10, 0.01), 'spectral', [], CE)).toBe(expected ?? 'typed-array');
  });

  it('a request without a loss trains the MSE and says so', async () => {
    const data: Dataset = { inputDim: 4, rows: 8, x: new Float32Array(32).fill(0.5), y: new Float32Array(8).fill(1) };
    const net = classifier(43, 4, 3, 1);
    const result = await trainTrials({
      trials: [{ initial: net, train: data, shuffleSeed: 1 }],
      strategy: 'spectral',
      epochs: 1,
      engine: 'typed-array',
      frozenLayers: [],
    });
    expect(result.loss).toBe('mse');
  });
});
