// The divergence rules on hand-made histories, and trainTrials stopping a run-away trial that never turns NaN.
import { buildPaperStudentFor, createTeacher, makeTrialData } from '@spectral-ts/teacher-student';
import { selectBackend } from '@spectral-ts/spectral';
import { DivergenceWatch, detectCollapse, detectDivergence, trainTrials, type DivergenceEpoch } from '../src';

const epochs = (mses: number[], val?: number[]): DivergenceEpoch[] =>
  mses.map((m, i) => ({ epoch: i + 1, trainMse: m, trainLoss: m + 0.01, valMse: val ? val[i] : null }));
const ctx = { labelVariance: 4, learningRate: 0.005 };

describe('detectDivergence', () => {
  it('accepts a history that falls from the scale of the labels', () => {
    expect(detectDivergence(epochs([6, 3, 1, 0.5, 0.1, 0.05, 0.01, 0.004]), ctx)).toBeNull();
  });

  it('accepts an initial error a few times the label variance during the first epochs', () => {
    expect(detectDivergence(epochs([30, 25, 20, 12, 8, 2]), ctx)).toBeNull();
  });

  it('flags a NaN validation MSE', () => {
    const d = detectDivergence(epochs([3, 2, 1], [3, NaN, 1]), ctx);
    expect(d).toMatchObject({ rule: 'non-finite', epoch: 2 });
    expect(d!.message).toMatch(/the validation MSE became NaN at epoch 2.*lower the learning rate, now 0\.005/);
  });

  it('flags an MSE four orders of magnitude above the label variance at the first epoch', () => {
    const d = detectDivergence(epochs([3.2e13, 1]), ctx);
    expect(d).toMatchObject({ rule: 'exploded', epoch: 1 });
    expect(d!.message).toMatch(/training MSE 3\.20e\+13 is 8\.00e\+12 times the label variance 4\.00e\+0 at epoch 1/);
  });

  it('flags an MSE ten times the label variance after the grace epochs', () => {
    const d = detectDivergence(epochs([6, 5, 5, 5, 5, 41]), ctx);
    expect(d).toMatchObject({ rule: 'far-above-variance', epoch: 6 });
    expect(detectDivergence(epochs([6, 5, 5, 5, 5, 39]), ctx)).toBeNull();
  });

  it('flags a training MSE that grows a thousandfold above the pruning tolerance, not a tiny spike', () => {
    expect(detectDivergence(epochs([1, 0.01, 1e-4, 0.2]), ctx)).toMatchObject({ rule: 'grew', epoch: 4 });
    // 1e-6 -> 1e-2 is 10^4 times, but below 0.01 Var(y) = 0.04: nothing a result reports changes.
    expect(detectDivergence(epochs([1, 1e-3, 1e-6, 1e-2]), ctx)).toBeNull();
  });
});

describe('DivergenceWatch', () => {
  it('checks each epoch once as the history grows, with the same answer as the whole history', () => {
    const all = epochs([1, 0.01, 1e-4, 1e-4, 0.2, 0.1]);
    const watch = new DivergenceWatch(ctx);
    const seen = all.map((_, i) => watch.check(all.slice(0, i + 1)));
    expect(seen.slice(0, 4)).toEqual([null, null, null, null]);
    expect(seen[4]).toEqual(detectDivergence(all, ctx));
    expect(seen[4]).toMatchObject({ rule: 'grew', epoch: 5 });
  });
});

describe('detectCollapse', () => {
  it('flags a constant output and accepts a varying one', () => {
    expect(detectCollapse([1.5, 1.5, 1.5, 1.5], 7, ctx)).toMatchObject({ rule: 'collapsed', epoch: 7 });
    expect(detectCollapse([1.5, 1.5, 1.6, 1.5], 7, ctx)).toBeNull();
  });
});

describe('trainTrials', () => {
  beforeAll(async () => {
    await selectBackend('cpu');
  });

  it('stops a trial whose loss runs away without a NaN (learning rate 50) as diverged', async () => {
    const teacher = createTeacher({ kind: 'nn', inputDim: 10, hidden: [20, 20], seed: 0 });
    const data = makeTrialData(teacher, { train: 400, test: 100, validationSplit: 0.2, seed: 1 }, 0);
    const initial = buildPaperStudentFor(teacher, 8, 3);
    const r = await trainTrials({
      trials: [{ initial, train: data.train, validation: data.validation, shuffleSeed: 2 }],
      strategy: 'spectral',
      strategyOptions: { learningRate: 50 },
      epochs: 20,
    });
    expect(r.trials[0].status).toBe('diverged');
    expect(r.trials[0].message).toMatch(/training\/divergence: .*label variance.*lower the learning rate, now 50/);
    expect(r.trials[0].epochsRun).toBeLessThan(20);
  });
});
