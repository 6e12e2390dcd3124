#!/usr/bin/env node
/**
 * training/bench/measure-classifier: one measurement of classifier training on 784-wide inputs in its own process:
 * the 784-500-10 student of the spectral-pruning experiment (spectral 784 -> 500 ReLU, dense 500 -> 10 linear logits,
 * every layer trained, softmax cross-entropy, batch 100) on MNIST-like synthetic rows (pixels in [0, 1], 80% of them
 * zero as in MNIST, labels the argmax of a fixed random linear map). Prints one JSON line with the median wall ms
 * per epoch and per 10000 rows.
 * Usage: node measure-classifier.js --backend wasm --engine native --rows 2000 --epochs 3 --warmup 1
 */
'use strict';
const { performance } = require('perf_hooks');
const args = Object.fromEntries(
  process.argv.slice(2).reduce((acc, a, i, all) => (a.startsWith('--') ? [...acc, [a.slice(2), all[i + 1]]] : acc), []),
);
const backendName = args.backend ?? 'wasm';
const engine = args.engine ?? 'native';
const ROWS = Number(args.rows ?? 2000);
const epochs = Number(args.epochs ?? 2);
const warmup = Number(args.warmup ?? 1);
const D = 784;
const HIDDEN = 500;
const CLASSES = 10;
const BATCH = 100;

async function main() {
  const { selectBackend } = require('@spectral-ts/spectral');
  const { createRng } = require('@spectral-ts/teacher-student');
  const { trainTrials } = require('@spectral-ts/training');
  const backend = await selectBackend(backendName);
  const rng = createRng(7);
  const map = Float64Array.from({ length: D * CLASSES }, () => rng.normal());
  const x = new Float32Array(ROWS * D);
  const y = new Float32Array(ROWS);
  for (let r = 0; r < ROWS; r++) {
    for (let j = 0; j < D; j++) x[r * D + j] = rng.uniform() < 0.8 ? 0 : rng.uniform();
    let best = 0;
    let score = -Infinity;
    for (let c = 0; c < CLASSES; c++) {
      let s = 0;
      for (let j = 0; j < D; j++) s += x[r * D + j] * map[j * CLASSES + c];
      if (s > score) [best, score] = [c, s];
    }
    y[r] = best;
  }
  const glorot = (rows, cols) => {
    const a = Math.sqrt(6 / (rows + cols));
    return Array.from({ length: rows }, () => Array.from({ length: cols }, () => rng.uniformIn(-a, a)));
  };
  const initial = {
    inputDim: D,
    layers: [
      {
        kind: 'spectral',
        phi: glorot(D, HIDDEN),
        lambdaIn: new Array(D).fill(0),
        lambdaOut: new Array(HIDDEN).fill(1),
        activation: 'relu',
      },
      { kind: 'dense', kernel: glorot(HIDDEN, CLASSES), bias: new Array(CLASSES).fill(0), activation: 'linear' },
    ],
  };
  const times = [];
  let last = performance.now();
  const result = await trainTrials({
    trials: [{ initial, train: { inputDim: D, rows: ROWS, x, y }, shuffleSeed: 3 }],
    strategy: 'spectral',
    strategyOptions: { batchSize: BATCH },
    epochs: warmup + epochs,
    frozenLayers: [],
    loss: 'softmax-cross-entropy',
    engine,
    onEpoch: () => {
      const now = performance.now();
      times.push(now - last);
      last = now;
    },
  });
  const timed = times.slice(warmup).sort((a, b) => a - b);
  const ms = timed[Math.floor(timed.length / 2)];
  const trial = result.trials[0];
  console.log(
    JSON.stringify({
      backend,
      engine: result.engine,
      rows: ROWS,
      epochs,
      msPerEpoch: +ms.toFixed(1),
      msPer10kRows: +((ms * 10000) / ROWS).toFixed(1),
      status: trial.status,
      trainCrossEntropy: +trial.history.at(-1).trainMse.toFixed(4),
    }),
  );
}
main().catch((err) => {
  console.error(err);
  process.exit(1);
});
