// The per-trial analysis of a deeper student: the pruned topology view cuts the analysed hidden layer (layerIndex),
// the one whose scores the record holds, and describes every hidden layer against the teacher's.
import { buildStudent, createTeacher, labelVariance, makeTestSet } from '@spectral-ts/teacher-student';
import { nodesAboveCutoff, prepareTeacher } from '@spectral-ts/topology';
import { nodeScores, type SpectralLayerWeights } from '@spectral-ts/spectral';
import { analyzeTrial, type TrialAnalysisContext } from '../src';

const teacher = createTeacher({ kind: 'nn', inputDim: 10, hidden: [6, 5], seed: 3 });
const testSet = makeTestSet(teacher, { train: 100, test: 200, validationSplit: 0, seed: 1 });
const context: TrialAnalysisContext = {
  testSet,
  teacherSize: teacher.size,
  labelVariance: labelVariance(testSet),
  teacher: prepareTeacher(teacher.network!),
};

/** 10 -> 8 -> 9 -> 4 -> 1, all spectral, with three second-layer nodes switched almost off (eigenvalue 1e-4). */
function deepStudent() {
  const student = buildStudent(
    [
      { kind: 'spectral', units: 8 },
      { kind: 'spectral', units: 9 },
      { kind: 'spectral', units: 4 },
      { kind: 'dense', units: 1, activation: 'linear', initializer: 'ones', trainable: false },
    ],
    10,
    7,
  );
  const second = student.layers[1] as SpectralLayerWeights;
  second.lambdaOut = second.lambdaOut.map((v, i) => (i < 3 ? 1e-4 : v));
  return student;
}

describe('analyzeTrial of a deeper student', () => {
  const options = { pruning: { enabled: false, layerIndex: 1 }, topology: { enabled: true }, view: 'pruned' as const };

  it('prunes the analysed second hidden layer, keeping the first and third whole', () => {
    const student = deepStudent();
    const a = analyzeTrial(student, context, options);
    expect(a.scores).toEqual(nodeScores(student.layers[1]));
    expect(nodesAboveCutoff(student, 2)).toEqual([3, 4, 5, 6, 7, 8]);
    expect(a.topology!.activeNodes).toEqual([10, 8, 6, 4, 1]);
    expect(a.topology!.paths.count).toBe(10 * 8 * 6 * 4);
    expect(a.topology!.hiddenLayers!.map((h) => [h.layer, h.pruned, h.aboveCutoff, h.teacherWidth])).toEqual([
      [1, false, 8, 6],
      [2, true, 6, 5],
      [3, false, 4, undefined],
    ]);
    expect(a.topologyFull!.activeNodes).toEqual([10, 8, 9, 4, 1]);
    expect(a.topologyFull!.hiddenLayers!.every((h) => !h.pruned)).toBe(true);
  });

  it('prunes the first hidden layer by default, leaving the switched-off second-layer nodes in the view', () => {
    const a = analyzeTrial(deepStudent(), context, { ...options, pruning: { enabled: false } });
    expect(a.topology!.activeNodes).toEqual([10, 8, 9, 4, 1]);
    expect(a.topology!.hiddenLayers!.map((h) => h.pruned)).toEqual([true, false, false]);
  });
});
