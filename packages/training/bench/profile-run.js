#!/usr/bin/env node
/**
 * training/bench/profile-run: where the time of one `spectral run` unit goes, phase by phase, with the calls
 * apps/cli's runUnit makes (teacher-student data and student, trainTrials, pruning's analyzePruning, topology's two
 * analyzeTopology views, results' atomic JSON write) plus the start-up of one worker thread that loads the packages.
 * Per phase: wall ms and this thread's CPU ms (on a shared machine the CPU time is the steadier number).
 * Usage: node packages/training/bench/profile-run.js [--n1 40,200] [--epochs 2000] [--variants spectral,direct]
 */
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const { performance } = require('perf_hooks');
const { Worker } = require('worker_threads');

const argv = process.argv.slice(2);
const opt = (name, def) => (argv.includes(`--${name}`) ? argv[argv.indexOf(`--${name}`) + 1] : def);
const N1S = opt('n1', '40,200').split(',').map(Number);
const EPOCHS = Number(opt('epochs', '2000'));
const VARIANTS = opt('variants', 'spectral,direct').split(',');

/** Runs fn, returns [its result, wall ms, CPU ms of the process] (CPU: user + system, every thread). */
async function timed(fn) {
  const cpu = process.cpuUsage();
  const t = performance.now();
  const out = await fn();
  const c = process.cpuUsage(cpu);
  return [out, performance.now() - t, (c.user + c.system) / 1000];
}

function workerStartup() {
  const code =
    "for (const p of ['training', 'pruning', 'topology', 'results', 'spectral']) require('@spectral-ts/' + p);" +
    "require('worker_threads').parentPort.postMessage('up');";
  return new Promise((resolve, reject) => {
    const w = new Worker(code, { eval: true });
    w.once('message', () => w.terminate().then(resolve));
    w.once('error', reject);
  });
}

async function main() {
  const ts = require('@spectral-ts/teacher-student');
  const { trainTrials, nativeEngineStatus } = require('@spectral-ts/training');
  const pruning = require('@spectral-ts/pruning');
  const topology = require('@spectral-ts/topology');
  const { writeJsonAtomic } = require('@spectral-ts/results');
  const data = { train: 10000, test: 4000, validationSplit: 0.2, seed: 1 };
  const teacher = ts.createTeacher({ kind: 'nn', inputDim: 10, hidden: [20, 20], seed: 0 });
  console.log(
    `spectral run, one unit of one trial per phase: ${EPOCHS} epochs; ${nativeEngineStatus()}; load ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
  );
  const [, startWall] = await timed(workerStartup);
  const [testSet, testWall, testCpu] = await timed(() => ts.makeTestSet(teacher, data));
  const [ref, refWall, refCpu] = await timed(() => topology.prepareTeacher(teacher.network));
  console.log(
    `  once per worker: worker start-up ${startWall.toFixed(0)} ms wall; test set ${testWall.toFixed(0)} ms (${testCpu.toFixed(0)} CPU); teacher paths ${refWall.toFixed(0)} ms (${refCpu.toFixed(0)} CPU)`,
  );
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'spectral-profile-'));
  const header = [
    'variant',
    'N1',
    'engine',
    'data',
    'training',
    'ms/epoch',
    'pruning',
    'topology',
    'write',
    'not training',
  ];
  console.log(header.map((h, i) => (i < 3 ? h.padEnd(9) : h.padStart(14))).join(''));
  for (const variant of VARIANTS) {
    for (const n1 of N1S) {
      const [input, dWall, dCpu] = await timed(() => ({
        data: ts.makeTrialData(teacher, data, 0),
        initial: ts.buildPaperStudentFor(teacher, n1, ts.studentSeed(2, n1, 0)),
      }));
      const [result, tWall, tCpu] = await timed(() =>
        trainTrials({
          trials: [
            { initial: input.initial, train: input.data.train, validation: input.data.validation, shuffleSeed: 7 },
          ],
          strategy: variant,
          epochs: EPOCHS,
        }),
      );
      const weights = result.trials[0].weights;
      const [, pWall, pCpu] = await timed(() => pruning.analyzePruning(weights, testSet, { teacherSize: 20 }));
      const [topo, gWall, gCpu] = await timed(() => {
        const options = { betweenness: false };
        const view = variant === 'direct' ? 'full' : 'pruned';
        const out = [topology.analyzeTopology(weights, ref, { ...options, view })];
        if (view === 'pruned') out.push(topology.analyzeTopology(weights, ref, { ...options, view: 'full' }));
        return out;
      });
      const [, wWall, wCpu] = await timed(() =>
        writeJsonAtomic(path.join(dir, `${variant}-${n1}.json`), { weights, history: result.trials[0].history, topo }),
      );
      const cell = (w, c) => `${w.toFixed(0)} (${c.toFixed(0)})`.padStart(14);
      const other = dCpu + pCpu + gCpu + wCpu;
      console.log(
        [
          variant.padEnd(9),
          String(n1).padEnd(9),
          result.engine.padEnd(9),
          cell(dWall, dCpu),
          cell(tWall, tCpu),
          (tCpu / EPOCHS).toFixed(2).padStart(14),
          cell(pWall, pCpu),
          cell(gWall, gCpu),
          cell(wWall, wCpu),
          `${((100 * other) / (other + tCpu)).toFixed(1)}%`.padStart(14),
        ].join(''),
      );
    }
  }
  fs.rmSync(dir, { recursive: true, force: true });
  console.log('  cells: wall ms (CPU ms); "not training" = CPU share of data + pruning + topology + write in the unit');
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
