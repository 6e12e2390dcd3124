/**
 * A whole experiment in miniature through the browser-safe entries of the five core packages: teacher, data,
 * student, training, pruning, topology and a GEXF file. The browser bundle test runs it in Chromium and in Node and
 * compares the two.
 */
import { meanSquaredError, selectBackend } from '@spectral-ts/spectral';
import {
  buildPaperStudentFor,
  createTeacher,
  makeTestSet,
  makeTrialData,
  studentSeed,
} from '@spectral-ts/teacher-student';
import { trainTrials } from '@spectral-ts/training';
import { analyzePruning } from '@spectral-ts/pruning';
import { analyzeTopology, prunedNodes, toGraph, writeGexf } from '@spectral-ts/topology';

export interface TinyExperimentResult {
  backend: string;
  engine: string;
  status: string;
  trainLosses: number[];
  testMse: number;
  effectiveSize: number;
  prunedFirstLayer: number;
  pathW1: number;
  gexfNodes: number;
}

export async function runTinyExperiment(): Promise<TinyExperimentResult> {
  const backend = await selectBackend('cpu');
  const teacher = createTeacher({ kind: 'nn', hidden: [6, 6] });
  const data = { train: 300, test: 200, seed: 3 };
  const test = makeTestSet(teacher, data);
  const trial = makeTrialData(teacher, data, 0);
  const initial = buildPaperStudentFor(teacher, 12, studentSeed(7, 12, 0));
  const result = await trainTrials({
    trials: [{ initial, train: trial.train, validation: trial.validation, shuffleSeed: 11 }],
    strategy: 'spectral',
    strategyOptions: { batchSize: 60, learningRate: 0.02 },
    // The same engine in Node and in the page (Node's auto would take the native kernel where it is built).
    engine: 'wasm-simd',
    epochs: 8,
  });
  const [t] = result.trials;
  const pruning = analyzePruning(t.weights, test, { teacherSize: teacher.size });
  const topology = analyzeTopology(t.weights, teacher.network!, { view: 'pruned', betweenness: false });
  const keep = prunedNodes(t.weights);
  const gexf = writeGexf(toGraph(t.weights, { keep }));
  return {
    backend,
    engine: result.engine,
    status: t.status,
    trainLosses: t.history.map((h) => h.trainLoss),
    testMse: meanSquaredError(t.weights, test.x, test.y, test.rows),
    effectiveSize: pruning.effectiveSize,
    prunedFirstLayer: keep[1].length,
    pathW1: topology.pathDistance.wasserstein1,
    gexfNodes: (gexf.match(/<node /g) ?? []).length,
  };
}
