// The per-trial analysis on a real network: an untrained paper student against a real teacher and test set.
import { buildPaperStudentFor, createTeacher, labelVariance, makeTestSet } from '@spectral-ts/teacher-student';
import { prepareTeacher } from '@spectral-ts/topology';
import { nodeScores, type SpectralLayerWeights } from '@spectral-ts/spectral';
import { analyzeTrial, type TrialAnalysisContext } from '../src';

const teacher = createTeacher({ kind: 'nn', inputDim: 10, hidden: [6, 5], seed: 3 });
const testSet = makeTestSet(teacher, { train: 100, test: 200, validationSplit: 0, seed: 1 });
const student = buildPaperStudentFor(teacher, 8, 4);
const context: TrialAnalysisContext = {
  testSet,
  teacherSize: teacher.size,
  labelVariance: labelVariance(testSet),
  teacher: prepareTeacher(teacher.network!),
};

describe('analyzeTrial', () => {
  it('takes the n* tolerance as a fraction of the label variance, and the ranking from config, then strategy, then auto', () => {
    const on = { pruning: { enabled: true, tolerance: 0.05 }, topology: { enabled: false } };
    const a = analyzeTrial(student, context, on);
    expect(a.pruning!.tolerance).toBeCloseTo(0.05 * context.labelVariance, 15);
    expect(a.pruning!.ranking).toBe('rescaled-eigenvalue'); // 'auto' on a spectral layer
    expect(analyzeTrial(student, context, { ...on, strategyRanking: 'weight-norm' }).pruning!.ranking).toBe(
      'weight-norm',
    );
    const configured = { ...on, pruning: { ...on.pruning, ranking: 'abs-eigenvalue' }, strategyRanking: 'weight-norm' };
    expect(analyzeTrial(student, context, configured).pruning!.ranking).toBe('abs-eigenvalue');
    expect(a.scores).toEqual(nodeScores(student.layers[0]));
    expect(a.averageDimensionPerTrial).toBe(a.scores.filter((s) => s >= 0.05 * Math.max(...a.scores)).length);
    expect(a.topology).toBeUndefined();
  });

  it('records the declared view, and next to a pruned view the full one', () => {
    const options = { pruning: { enabled: false }, topology: { enabled: true } };
    const pruned = analyzeTrial(student, context, { ...options, view: 'pruned' });
    expect(pruned.pruning).toBeUndefined();
    expect([pruned.topology!.view, pruned.topologyFull!.view]).toEqual(['pruned', 'full']);
    const full = analyzeTrial(student, context, { ...options, view: 'full' });
    expect(full.topology!.view).toBe('full');
    expect(full.topologyFull).toBeUndefined();
    expect(analyzeTrial(student, { ...context, teacher: undefined }, options).topology).toBeUndefined();
  });

  it('counts no active node in a dead first layer instead of refusing the ratio to a zero maximum', () => {
    const layer = student.layers[0] as SpectralLayerWeights;
    const dead = {
      ...student,
      layers: [{ ...layer, lambdaOut: layer.lambdaOut.map(() => 0) }, ...student.layers.slice(1)],
    };
    expect(
      analyzeTrial(dead, context, { pruning: { enabled: false }, topology: { enabled: false } })
        .averageDimensionPerTrial,
    ).toBe(0);
  });
});
