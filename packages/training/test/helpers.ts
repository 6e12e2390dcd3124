// Shared test helpers: the golden fixture as a trainTrials request, and small random students and data sets.
import * as fs from 'fs';
import * as path from 'path';
import type { NetworkWeights } from '@spectral-ts/spectral';
import { createRng, type Dataset } from '@spectral-ts/teacher-student';
import { nativeKernelStatus } from '@spectral-ts/kernel-native';
import { spectralStrategy, type TrainingStrategy } from '../src';

let nativeSkipNoted = false;

/** ['native'] when the native kernel's addon loads, else [] with one line saying why its tests are skipped. */
export function nativeEngines(): 'native'[] {
  const status = nativeKernelStatus();
  if (status.loaded) return ['native'];
  if (!nativeSkipNoted) console.log(`native engine tests skipped: ${status.reason}`);
  nativeSkipNoted = true;
  return [];
}

// A copy of the project's golden fixture (float64 PyTorch autograd), kept inside the repository so tests run anywhere.
export const FIXTURE_PATH = path.join(__dirname, 'fixtures', 'golden-training.json');

export interface GoldenRun {
  variant: 'spectral' | 'direct';
  learningRate: number;
  steps: { mse: number; penalty: number; loss: number }[];
  final: { phi: number[][]; lambdaOut: number[]; secondKernel: number[][]; fullBatchMse: number };
}

export interface Golden {
  shapes: { inputDim: number; studentHidden: number; rows: number; batchSize: number; steps: number };
  x: number[][];
  y: number[];
  init: { phi: number[][]; lambdaIn: number[]; lambdaOut: number[]; secondKernel: number[][] };
  batches: number[][];
  runs: GoldenRun[];
}

export function loadGolden(): Golden {
  return JSON.parse(fs.readFileSync(FIXTURE_PATH, 'utf8')) as Golden;
}

/** The paper's student shape: spectral -> dense relu -> frozen all-ones linear output (method spec §3). */
export function paperStudent(phi: number[][], lambdaOut: number[], second: number[][]): NetworkWeights {
  const h2 = second[0].length;
  return {
    inputDim: phi.length,
    layers: [
      { kind: 'spectral', phi, lambdaIn: new Array(phi.length).fill(0), lambdaOut, activation: 'relu' },
      { kind: 'dense', kernel: second, activation: 'relu' },
      { kind: 'dense', kernel: Array.from({ length: h2 }, () => [1]), activation: 'linear' },
    ],
  };
}

export function goldenDataset(g: Golden): Dataset {
  return {
    inputDim: g.shapes.inputDim,
    rows: g.shapes.rows,
    x: Float32Array.from(g.x.flat()),
    y: Float32Array.from(g.y),
  };
}

/** Batch order of epoch e: the fixture's batches are consecutive permutations of the rows. */
export function goldenOrder(g: Golden): (trial: number, epoch: number) => number[] {
  const perEpoch = g.shapes.rows / g.shapes.batchSize;
  return (_t, e) => g.batches.slice(e * perEpoch, (e + 1) * perEpoch).flat();
}

function glorot(rng: ReturnType<typeof createRng>, rows: number, cols: number): number[][] {
  const a = Math.sqrt(6 / (rows + cols));
  return Array.from({ length: rows }, () => Array.from({ length: cols }, () => rng.uniformIn(-a, a)));
}

/** A random paper-shaped student (d -> n1 spectral -> h2 dense -> 1 frozen). */
export function randomStudent(seed: number, d: number, n1: number, h2: number): NetworkWeights {
  const rng = createRng(seed);
  return paperStudent(glorot(rng, d, n1), new Array(n1).fill(1), glorot(rng, n1, h2));
}

/** Gaussian inputs labelled by a random 2-layer ReLU teacher (sum of the second layer), for tests only. */
export function teacherData(seed: number, rows: number, d = 10): Dataset {
  const rng = createRng(seed);
  const teacherRng = createRng(12345);
  const w1 = glorot(teacherRng, d, 6);
  const w2 = glorot(teacherRng, 6, 5);
  const x = new Float32Array(rows * d);
  const y = new Float32Array(rows);
  for (let r = 0; r < rows; r++) {
    const xr = Array.from({ length: d }, () => rng.normal());
    xr.forEach((v, j) => (x[r * d + j] = v));
    const h1 = w1[0].map((_, i) =>
      Math.max(
        0,
        xr.reduce((s, v, j) => s + v * w1[j][i], 0),
      ),
    );
    y[r] = w2[0]
      .map((_, k) =>
        Math.max(
          0,
          h1.reduce((s, v, i) => s + v * w2[i][k], 0),
        ),
      )
      .reduce((a, b) => a + b, 0);
  }
  return { inputDim: d, rows, x, y };
}

/** max |a-b| / max(|b|, floor) over paired arrays. */
export function maxRelErr(a: ArrayLike<number>, b: ArrayLike<number>, floor = 1e-3): number {
  if (a.length !== b.length) throw new Error(`length ${a.length} vs ${b.length}`);
  let m = 0;
  for (let i = 0; i < a.length; i++) {
    const e = Math.abs(a[i] - b[i]) / Math.max(Math.abs(b[i]), floor);
    if (!(e <= m)) m = Number.isNaN(e) ? Infinity : Math.max(m, e);
  }
  return m;
}

/** A strategy that trains every parameter group, lambdaIn included: gradient checks cover the whole layout. */
export const trainEverything: TrainingStrategy = { ...spectralStrategy(), name: 'everything', trainable: () => true };

/** A 5-7-6-4-1 chain of two spectral and two dense layers (a mask, biases, odd widths), mixed activations. */
export function deepNet(seed: number): NetworkWeights {
  const rng = createRng(seed);
  const m = (r: number, c: number) =>
    Array.from({ length: r }, () => Array.from({ length: c }, () => rng.uniformIn(-0.6, 0.6)));
  const v = (n: number, lo = -0.5, hi = 0.5) => Array.from({ length: n }, () => rng.uniformIn(lo, hi));
  return {
    inputDim: 5,
    layers: [
      {
        kind: 'spectral',
        phi: m(5, 7),
        lambdaIn: v(5),
        lambdaOut: v(7, 0.5, 1.5),
        mask: [1, 1, 0, 1, 1, 1, 0],
        bias: v(7),
        activation: 'relu',
      },
      { kind: 'spectral', phi: m(7, 6), lambdaIn: v(7), lambdaOut: v(6, 0.5, 1.5), activation: 'tanh' },
      { kind: 'dense', kernel: m(6, 4), bias: v(4), activation: 'sigmoid' },
      { kind: 'dense', kernel: m(4, 1), activation: 'linear' },
    ],
  };
}

/** The deep chain with ReLU/linear activations only: the wasm SIMD kernel's whole scope (odd widths, masks, biases). */
export function deepReluNet(seed: number): NetworkWeights {
  const net = deepNet(seed);
  return {
    ...net,
    layers: net.layers.map((l, k) => ({
      ...l,
      activation: k === 1 ? 'linear' : k === 2 ? 'relu' : l.activation,
    })) as NetworkWeights['layers'],
  };
}
