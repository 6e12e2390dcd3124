// Grid-sweep points in the results contract: groups told apart and ordered by point, the summary's point mapping,
// and the CSV columns (point, then one per swept key).
import { groupKey, groupRecords, groupsCsv, summarize, trialsCsv } from '../src';
import { record } from './fixtures';

const RUN = {
  backend: 'cpu',
  workers: 1,
  wallSeconds: 1,
  startedAt: 'a',
  finishedAt: 'b',
  versions: {},
  trialsTotal: 3,
};
const at = (point: string, lr: number, trial: number, testMse: number) =>
  record({
    trial,
    testMse,
    id: `t0-spectral-n4-trial${trial}-${point}`,
    point,
    sweep: { 'training.learningRate': lr, 'students.hidden': [4, 8] },
  });

describe('sweep points in results', () => {
  const records = [at('p10', 0.1, 0, 0.5), at('p2', 0.01, 0, 0.2), at('p2', 0.01, 1, 0.4)];
  const points = [
    { id: 'p2', values: { 'training.learningRate': 0.01, 'students.hidden': [4, 8] } },
    { id: 'p10', values: { 'training.learningRate': 0.1, 'students.hidden': [4, 8] } },
  ];
  const summary = summarize(records, { ...RUN, sweep: { keys: ['training.learningRate', 'students.hidden'], points } });

  it('group by point as well as (teacher, variant, N1), in grid order (p2 before p10)', () => {
    expect(groupKey(0, 'spectral', 4)).toBe('t0|spectral|4');
    expect(groupKey(0, 'spectral', 4, 'p2')).toBe('t0|spectral|4|p2');
    expect(groupRecords(records).map((g) => g.map((r) => r.id))).toEqual([
      ['t0-spectral-n4-trial0-p2', 't0-spectral-n4-trial1-p2'],
      ['t0-spectral-n4-trial0-p10'],
    ]);
    expect(summary.groups.map((g) => [g.point, g.sweep?.['training.learningRate'], g.trials, g.testMse.mean])).toEqual([
      ['p2', 0.01, 2, expect.closeTo(0.3, 12)],
      ['p10', 0.1, 1, 0.5],
    ]);
    expect(summary.sweep).toEqual({ keys: ['training.learningRate', 'students.hidden'], points });
  });

  it('put the point and every swept key in the CSVs, lists joined with ;', () => {
    const [header, first] = groupsCsv(summary).split('\n');
    expect(header.split(',').slice(0, 4)).toEqual([
      'point',
      'training.learningRate',
      'students.hidden',
      'teacher_index',
    ]);
    expect(first.split(',').slice(0, 3)).toEqual(['p2', '0.01', '4;8']);
    const trials = trialsCsv(records, summary.sweep!.keys).split('\n');
    expect(trials[0].split(',').slice(0, 3)).toEqual(['id', 'point', 'training.learningRate']);
    expect(trials[1].split(',').slice(0, 4)).toEqual(['t0-spectral-n4-trial0-p10', 'p10', '0.1', '4;8']);
    // without a sweep the tables keep their columns
    expect(trialsCsv(records).split('\n')[0].startsWith('id,teacher_index,')).toBe(true);
  });
});
