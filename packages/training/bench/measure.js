#!/usr/bin/env node
/**
 * training/bench/measure: one measurement in its own process (one backend per process, so backends never share
 * memory or threads): trains T trials of the paper's student (10 -> N1 -> 20 -> 1) for warm-up + timed epochs and
 * prints one JSON line with the median wall ms per epoch and per trial-epoch.
 * Usage: node measure.js --backend tensorflow --engine batched --variant spectral --n1 40 --trials 30 --epochs 3
 */
'use strict';
const { performance } = require('perf_hooks');
const args = Object.fromEntries(
  process.argv.slice(2).reduce((acc, a, i, all) => (a.startsWith('--') ? [...acc, [a.slice(2), all[i + 1]]] : acc), []),
);
const backendName = args.backend ?? 'tensorflow';
const engine = args.engine ?? 'auto';
const variant = args.variant ?? 'spectral';
const n1 = Number(args.n1 ?? 40);
const T = Number(args.trials ?? 1);
const epochs = Number(args.epochs ?? 3);
const warmup = Number(args.warmup ?? 1);
const ROWS = 8000; // training rows of the paper's protocol (method spec §2)
const D = 10;
const H2 = 20;

async function main() {
  const { selectBackend } = require('@spectral-ts/spectral');
  const { createRng } = require('@spectral-ts/teacher-student');
  const { trainTrials } = require('@spectral-ts/training');
  const backend = await selectBackend(backendName);
  const rng = createRng(1);
  const glorot = (r, c) => {
    const a = Math.sqrt(6 / (r + c));
    return Array.from({ length: r }, () => Array.from({ length: c }, () => rng.uniformIn(-a, a)));
  };
  const t1 = glorot(D, 20);
  const t2 = glorot(20, H2);
  const trials = Array.from({ length: T }, (_, t) => {
    const x = new Float32Array(ROWS * D);
    const y = new Float32Array(ROWS);
    for (let r = 0; r < ROWS; r++) {
      for (let j = 0; j < D; j++) x[r * D + j] = rng.normal();
      const h1 = new Float64Array(20);
      for (let i = 0; i < 20; i++) {
        let z1 = 0;
        for (let j = 0; j < D; j++) z1 += x[r * D + j] * t1[j][i];
        h1[i] = z1 > 0 ? z1 : 0;
      }
      let s = 0;
      for (let k = 0; k < H2; k++) {
        let z2 = 0;
        for (let i = 0; i < 20; i++) z2 += h1[i] * t2[i][k];
        if (z2 > 0) s += z2;
      }
      y[r] = s;
    }
    const initial = {
      inputDim: D,
      layers: [
        {
          kind: 'spectral',
          phi: glorot(D, n1),
          lambdaIn: new Array(D).fill(0),
          lambdaOut: new Array(n1).fill(1),
          activation: 'relu',
        },
        { kind: 'dense', kernel: glorot(n1, H2), activation: 'relu' },
        { kind: 'dense', kernel: Array.from({ length: H2 }, () => [1]), activation: 'linear' },
      ],
    };
    return { initial, train: { inputDim: D, rows: ROWS, x, y }, shuffleSeed: 100 + t };
  });
  const times = [];
  const cpuTimes = [];
  let last = performance.now();
  let lastCpu = process.cpuUsage();
  const result = await trainTrials({
    trials,
    strategy: variant,
    epochs: warmup + epochs,
    engine,
    onEpoch: () => {
      const now = performance.now();
      times.push(now - last);
      last = now;
      // CPU time of this process: on a machine shared with other work it is steadier than the wall time.
      const cpu = process.cpuUsage(lastCpu);
      cpuTimes.push((cpu.user + cpu.system) / 1000);
      lastCpu = process.cpuUsage();
    },
  });
  const timed = times.slice(warmup).sort((a, b) => a - b);
  const ms = timed[Math.floor(timed.length / 2)];
  const cpuTimed = cpuTimes.slice(warmup).sort((a, b) => a - b);
  const cpuMs = cpuTimed[Math.floor(cpuTimed.length / 2)];
  const ok = result.trials.filter((t) => t.status === 'ok').length;
  console.log(
    JSON.stringify({
      peer: 'spectral-ts',
      backend,
      engine: result.engine,
      variant,
      hidden: n1,
      trials: T,
      epochs,
      msPerEpoch: +ms.toFixed(2),
      msPerTrialEpoch: +(ms / T).toFixed(3),
      cpuMsPerTrialEpoch: +(cpuMs / T).toFixed(3),
      ok,
      trainMse: +result.trials[0].history.at(-1).trainMse.toFixed(5),
    }),
  );
}
main().catch((err) => {
  console.error(err);
  process.exit(1);
});
