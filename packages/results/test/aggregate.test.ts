import { averageCurves, groupRecords, isOkTrial, summarize, summarizeGroup } from '../src';
import { summarizePhaseTransition, summarizePruning } from '@spectral-ts/pruning';
import { statWithInterval } from '@spectral-ts/statistics';
import { failedRecord, record, teacher } from './fixtures';
import type { FailedTrialRecord } from '../src';

describe('averageCurves', () => {
  it('averages deltaMse at each x = kept - h_T, each trial counted once per x', () => {
    const curves = [
      [
        { kept: 22, testMse: 1, deltaMse: 0.0, cutoff: 0 },
        { kept: 20, testMse: 1, deltaMse: 0.01, cutoff: 0.05 },
        { kept: 20, testMse: 1, deltaMse: 0.01, cutoff: 0.1 },
        { kept: 18, testMse: 1, deltaMse: 0.3, cutoff: 0.2 },
      ],
      [
        { kept: 20, testMse: 1, deltaMse: 0.03, cutoff: 0 },
        { kept: 18, testMse: 1, deltaMse: 0.5, cutoff: 0.1 },
      ],
    ];
    const avg = averageCurves(curves, 20);
    expect(avg.map((p) => p.x)).toEqual([-2, 0, 2]);
    expect(avg[0]).toEqual({ x: -2, mean: 0.4, std: expect.closeTo(0.1, 12), n: 2 });
    expect(avg[1].mean).toBeCloseTo(0.02, 12);
    expect(avg[1].n).toBe(2);
    expect(avg[2]).toEqual({ x: 2, mean: 0, std: 0, n: 1 });
  });
});

describe('summarizeGroup', () => {
  it('excludes failed trials from the statistics and lists their reasons', () => {
    const records = [
      record({ trial: 0, testMse: 0.1, trainMse: 0.05, scores: [4, 2, 0.1, 0] }),
      record({
        trial: 1,
        testMse: 0.3,
        trainMse: 0.15,
        scores: [2, 2, 2, 0.1],
        history: [
          { epoch: 1, loss: 3, valMse: 1.5 },
          { epoch: 2, loss: 1.5, valMse: 0.75 },
        ],
      }),
      failedRecord({ trial: 2, reason: 'diverged: loss NaN at epoch 3' }),
    ];
    const g = summarizeGroup(records);
    expect(g.trials).toBe(3);
    expect(g.failed).toBe(1);
    expect(g.failures).toEqual([{ id: 't0-spectral-n4-trial2', reason: 'diverged: loss NaN at epoch 3' }]);
    expect(g.testMse.mean).toBeCloseTo(0.2, 12);
    expect(g.testMse.std).toBeCloseTo(0.1, 12);
    expect(g.testMse.n).toBe(2);
    expect(g.trainMse.mean).toBeCloseTo(0.1, 12);
    // pooled max 4: threshold 0.2 -> trial 0 keeps 4, 2 (2 nodes); trial 1 keeps 2, 2, 2 (3 nodes)
    expect(g.averageDimension.mean).toBeCloseTo(2.5, 12);
    expect(g.history).toHaveLength(2);
    expect(g.history[0].loss.mean).toBeCloseTo(2, 12);
    expect(g.history[0].loss.std).toBeCloseTo(1, 12);
    expect(g.history[1].valMse!.mean).toBeCloseTo(0.5, 12);
    expect(g.effectiveSize).toBeUndefined();
  });

  it('summarises pruning and topology when the trials carry them', () => {
    const pruning = (n: number, d: number) => ({
      ranking: 'rescaled-eigenvalue',
      msePre: 0.01,
      effectiveSize: n,
      tolerance: 0.025,
      rankCurve: [
        { kept: 21, testMse: 1, deltaMse: 0 },
        { kept: 20, testMse: 1, deltaMse: d },
        { kept: 19, testMse: 1, deltaMse: 10 * d },
      ],
      cutoffCurve: [{ kept: 21, testMse: 1, deltaMse: 0, cutoff: 0 }],
    });
    const topo = (w: number) => ({
      view: 'pruned' as const,
      activeNodes: [0, 1],
      inStrength: [0.1, 0.2],
      paths: {
        count: 4,
        sampled: false,
        sortedOnGrid: [-w, 0, w],
        quantiles: { q01: -w, q05: -w, q25: 0, q50: 0, q75: 0, q95: w, q99: w },
      },
      pathDistance: { wasserstein1: w, ks: 0.1 },
      strengthDistance: { wasserstein1: 0.5, ks: 0.2 },
    });
    const g = summarizeGroup([
      record({ trial: 0, pruning: pruning(20, 0.001), topology: topo(1) }),
      record({ trial: 1, pruning: pruning(22, 0.003), topology: topo(3) }),
    ]);
    expect(g.effectiveSize!.mean).toBe(21);
    expect(g.effectiveSize!.ci[0]).toBeGreaterThanOrEqual(20);
    expect(g.effectiveSize!.ci[1]).toBeLessThanOrEqual(22);
    expect(g.rankCurve!.find((p) => p.x === -1)!.mean).toBeCloseTo(0.02, 12);
    expect(g.topology!.paths.mean).toEqual([-2, 0, 2]);
    expect(g.topology!.paths.grid).toEqual([0, 0.5, 1]);
    expect(g.topology!.pathDistance.wasserstein1.std).toBeCloseTo(1, 12);
  });

  it('summarises the unpruned view (topologyFull) only when every ok trial recorded it', () => {
    const topo = (view: 'pruned' | 'full', w: number, ks: number) => ({
      view,
      activeNodes: [10, view === 'full' ? 40 : 20],
      inStrength: [0.1, 0.2],
      paths: {
        count: 4,
        sampled: false,
        sortedOnGrid: [-w, 0, w],
        quantiles: { q01: -w, q05: -w, q25: 0, q50: 0, q75: 0, q95: w, q99: w },
      },
      pathDistance: { wasserstein1: w, ks },
      strengthDistance: { wasserstein1: 0.5, ks: 0.2 },
    });
    const both = summarizeGroup([
      record({ trial: 0, topology: topo('pruned', 1, 0.1), topologyFull: topo('full', 2, 0.3) }),
      record({ trial: 1, topology: topo('pruned', 3, 0.1), topologyFull: topo('full', 4, 0.5) }),
      failedRecord({ trial: 2 }),
    ]);
    // the two views are averaged separately: pruned W1 (1, 3), full W1 (2, 4) and KS (0.3, 0.5)
    expect(both.topology!.pathDistance.wasserstein1.mean).toBeCloseTo(2, 12);
    expect(both.topologyFull!.pathDistance.wasserstein1.mean).toBeCloseTo(3, 12);
    expect(both.topologyFull!.pathDistance.ks.mean).toBeCloseTo(0.4, 12);
    expect(both.topologyFull!.pathDistance.ks.std).toBeCloseTo(0.1, 12);
    expect(both.topologyFull!.paths.mean).toEqual([-3, 0, 3]);
    // a group mixing old records (no topologyFull) with new ones gets no unpruned average
    const mixed = summarizeGroup([
      record({ trial: 0, topology: topo('pruned', 1, 0.1) }),
      record({ trial: 1, topology: topo('pruned', 3, 0.1), topologyFull: topo('full', 4, 0.5) }),
    ]);
    expect(mixed.topology).toBeDefined();
    expect(mixed.topologyFull).toBeUndefined();
  });

  it('gives the same pruning numbers as @spectral-ts/pruning, and keeps its own policy where pruning refuses', () => {
    const pruning = (n: number, d: number) => ({
      ranking: 'rescaled-eigenvalue',
      msePre: 0.01,
      effectiveSize: n,
      tolerance: 0.025,
      rankCurve: [
        { kept: 21, testMse: 1, deltaMse: 0 },
        { kept: 20, testMse: 1, deltaMse: d },
      ],
      cutoffCurve: [{ kept: 21, testMse: 1, deltaMse: 0, cutoff: 0 }],
    });
    const records = [
      record({ trial: 0, scores: [4, 2, 0.1, 0], pruning: pruning(20, 0.001) }),
      record({ trial: 1, scores: [2, 2, 2, 0.1], pruning: pruning(23, 0.003) }),
      record({ trial: 2, scores: [3, 1, 0.5, 0.2], pruning: pruning(21, 0.002) }),
    ];
    const g = summarizeGroup(records);
    const p = summarizePruning(records, { teacherSize: 20 });
    expect(g.averageDimension).toEqual(p.averageDimension);
    expect(g.averageDimensionPerTrial).toEqual(p.averageDimensionPerTrial);
    expect(g.scoreHistogram).toEqual(p.scoreHistogram);
    expect(g.effectiveSize).toEqual(p.effectiveSize);
    expect(g.rankCurve).toEqual(p.rankCurve);
    expect(g.cutoffCurve).toEqual(p.cutoffCurve);
    // a teacher without hidden layers (size 0) has no x = n - h_T: no curves and no n*, the rest as usual
    const noHidden = summarizeGroup(records.map((r) => ({ ...r, teacher: { ...teacher, hidden: [], size: 0 } })));
    expect(noHidden.rankCurve).toBeUndefined();
    expect(noHidden.effectiveSize).toBeUndefined();
    expect(noHidden.averageDimension).toEqual(p.averageDimension);
    // a trial without pruning analysis: no group average over the others
    const partial = summarizeGroup([records[0], record({ trial: 1, scores: [2, 2, 2, 0.1] })]);
    expect(partial.rankCurve).toBeUndefined();
    expect(partial.averageDimension.mean).toBeCloseTo(2.5, 12);
    // dead layers (all scores 0): counts of 0 and an all-zero histogram instead of pruning's error; curves still there
    const dead = summarizeGroup(records.map((r) => ({ ...r, scores: [0, 0, 0, 0], averageDimensionPerTrial: 0 })));
    expect(dead.averageDimension).toEqual({ mean: 0, std: 0, n: 3 });
    expect(dead.averageDimensionPerTrial).toEqual({ mean: 0, std: 0, n: 3 });
    expect(dead.scoreHistogram.percent.every((v) => v === 0)).toBe(true);
    expect(dead.rankCurve!.find((pt) => pt.x === 0)!.mean).toBeCloseTo(0.002, 12);
    // every trial failed: n = 0 statistics, no curves
    const none = summarizeGroup([failedRecord({ trial: 0 })]);
    expect(none.averageDimension).toEqual({ mean: 0, std: 0, n: 0 });
    expect(none.scoreHistogram.percent.every((v) => v === 0)).toBe(true);
    expect(none.effectiveSize).toBeUndefined();
  });

  it('refuses records of different groups', () => {
    expect(() => summarizeGroup([record({ trial: 0 }), record({ trial: 1, hidden: 8 })])).toThrow(
      /belongs to group t0\|spectral\|8/,
    );
  });
});

describe('groupRecords', () => {
  it("lists a group's trials in trial order whatever order the units finished in", () => {
    const finished = [3, 0, 2, 1].map((trial) => record({ trial, id: `t0-spectral-n10-trial${trial}` }));
    expect(groupRecords(finished)[0].map((r) => r.trial)).toEqual([0, 1, 2, 3]);
    expect(groupRecords([...finished].reverse())[0].map((r) => r.trial)).toEqual([0, 1, 2, 3]);
  });
});

describe('summarize', () => {
  it('orders groups by teacher, variant (config order) and N1, and counts failures', () => {
    const records = [
      record({ trial: 0, variant: 'direct', hidden: 40 }),
      record({ trial: 0, variant: 'spectral', hidden: 40 }),
      record({ trial: 0, variant: 'spectral', hidden: 10 }),
      failedRecord({ trial: 1, variant: 'spectral', hidden: 10, reason: 'diverged' }),
      record({
        trial: 0,
        variant: 'spectral',
        hidden: 10,
        teacher: { ...teacher, index: 1, size: 50, hidden: [50, 20] },
        id: 't1-spectral-n10-trial0',
      }),
    ];
    expect(groupRecords(records, { variants: ['spectral', 'direct'] })).toHaveLength(4);
    const s = summarize(
      records,
      { backend: 'cpu', workers: 2, wallSeconds: 3, startedAt: 'a', finishedAt: 'b', versions: {}, trialsTotal: 8 },
      { variants: ['spectral', 'direct'] },
    );
    expect(s.groups.map((g) => `${g.teacher.index}-${g.variant}-${g.hidden}`)).toEqual([
      '0-spectral-10',
      '0-spectral-40',
      '0-direct-40',
      '1-spectral-10',
    ]);
    expect(s.trialsFinished).toBe(5);
    expect(s.trialsFailed).toBe(1);
    expect(s.trialsTotal).toBe(8);
    expect(s.groups[0].failed).toBe(1);
    expect(s.diverged).toEqual([]);
  });

  it('lists diverged trials with their reason, counts them as failed and leaves them out of the statistics', () => {
    const records = [
      record({ trial: 0, testMse: 0.01 }),
      failedRecord({
        trial: 1,
        status: 'diverged',
        reason: 'diverged: the training MSE 3e13 ... (lower the learning rate, now 50)',
      }),
    ];
    const s = summarize(records, {
      backend: 'cpu',
      workers: 1,
      wallSeconds: 1,
      startedAt: 'a',
      finishedAt: 'b',
      versions: {},
      trialsTotal: 2,
    });
    expect(s.trialsFailed).toBe(1);
    expect(s.diverged).toEqual([{ id: records[1].id, reason: (records[1] as FailedTrialRecord).reason }]);
    expect(s.groups[0].failed).toBe(1);
    expect(s.groups[0].testMse.n).toBe(1);
  });

  it('includes the phase transition across groups, and what the run says about itself', () => {
    const hT = 4;
    const small = { ...teacher, hidden: [hT, 20], size: hT };
    // rank curves over every kept count: flat above h_T, rising steeply below it (two sizes, three trials each)
    const rankCurve = (n1: number, scale: number) =>
      Array.from({ length: n1 + 1 }, (_, kept) => ({
        kept,
        testMse: 1,
        deltaMse: kept >= hT ? 0 : scale * (hT - kept) ** 2,
      }));
    const records = [6, 8].flatMap((n1) =>
      [0, 1, 2].map((trial) =>
        record({
          trial,
          hidden: n1,
          teacher: small,
          scores: Array.from({ length: n1 }, (_, i) => (i < hT ? 1 : 0.001)),
          pruning: {
            ranking: 'rescaled-eigenvalue',
            msePre: 0.01,
            effectiveSize: hT,
            tolerance: 0.01,
            rankCurve: rankCurve(n1, 0.1 * (1 + trial)),
            cutoffCurve: [],
          },
        }),
      ),
    );
    const run = {
      backend: 'cpu',
      workers: 1,
      wallSeconds: 3,
      startedAt: 'a',
      finishedAt: 'b',
      versions: {},
      trialsTotal: 6,
      name: 'pt',
      unitsTotal: 6,
      unitsFinished: 6,
      sessions: [{ startedAt: 'a', wallSeconds: 3, backend: 'cpu', workers: 1, unitsRun: 6 }],
    };
    const s = summarize(records, run, { variants: ['spectral'] });
    const expected = summarizePhaseTransition(
      groupRecords(records).map((rs) => ({
        variant: 'spectral',
        teacherIndex: 0,
        teacherSize: hT,
        hidden: rs[0].hidden,
        trials: rs.filter(isOkTrial),
      })),
      { primaryVariant: 'spectral' },
    );
    expect(s.phaseTransition).toEqual(expected);
    expect(s.phaseTransition!.extra!.normalizedCurves!.map((c) => c.hidden)).toEqual([6, 8]);
    expect(s.phaseTransition!.exponent!.beta).toBeCloseTo(2, 10);
    expect(s.warnings).toBeUndefined();
    const { name, unitsTotal, unitsFinished, complete, sessions } = s;
    expect({ name, unitsTotal, unitsFinished, complete, sessions }).toEqual({
      name: 'pt',
      unitsTotal: 6,
      unitsFinished: 6,
      complete: true,
      sessions: run.sessions,
    });
    // a run that plans more trials than it has is not complete; an analysis that refuses the groups is a warning
    const partial = summarize(records.slice(0, 1), run);
    expect(partial.complete).toBe(false);
    const noHidden = records.map((r) => ({ ...r, teacher: { ...small, hidden: [], size: 0 } }));
    const refused = summarize(noHidden, run);
    expect(refused.phaseTransition).toBeUndefined();
    expect(refused.warnings).toEqual([
      expect.stringMatching(/^phase transition not computed: pruning\/averageCurves: teacherSize must be a positive/),
    ]);
  });

  it('bootstraps the n* interval from the explicit seed 0 alone, on the pruning and the dead-layer path', () => {
    const pruning = (n: number) => ({
      ranking: 'rescaled-eigenvalue',
      msePre: 0.01,
      effectiveSize: n,
      tolerance: 0.025,
      rankCurve: [
        { kept: 21, testMse: 1, deltaMse: 0 },
        { kept: 20, testMse: 1, deltaMse: 0.001 },
      ],
      cutoffCurve: [],
    });
    const sizes = [20, 22, 21, 19, 23];
    const records = sizes.map((n, trial) => record({ trial, pruning: pruning(n) }));
    const expected = statWithInterval(sizes, { seed: 0 });
    expect(summarizeGroup(records).effectiveSize).toEqual(expected);
    const dead = summarizeGroup(records.map((r) => ({ ...r, scores: [0, 0, 0, 0], averageDimensionPerTrial: 0 })));
    expect(dead.effectiveSize).toEqual(expected);
  });
});
