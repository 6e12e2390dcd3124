import {
  createTeacher,
  DATA_DEFAULTS,
  makeTestSet,
  makeTrialData,
  resolveDataConfig,
  trainingRows,
  type Dataset,
} from '../src';

const teacher = createTeacher({ kind: 'nn' });

/** Each row's exact float32 bytes, for set membership. */
function rowKeys(data: Dataset): Set<string> {
  const keys = new Set<string>();
  const bytes = new Uint8Array(data.x.buffer, data.x.byteOffset, data.x.byteLength);
  const width = data.inputDim * 4;
  for (let r = 0; r < data.rows; r++)
    keys.add(Buffer.from(bytes.subarray(r * width, (r + 1) * width)).toString('base64'));
  return keys;
}

function shared(a: Set<string>, b: Set<string>): number {
  let n = 0;
  for (const k of a) if (b.has(k)) n++;
  return n;
}

describe('experiment data (method spec §2, without the seeding defect)', () => {
  const test = makeTestSet(teacher, DATA_DEFAULTS);
  const trials = [0, 1, 2, 3, 4].map((t) => makeTrialData(teacher, DATA_DEFAULTS, t));

  it('uses the paper sizes by default: 10000 test rows, 10000 training rows split 8000 / 2000', () => {
    expect(DATA_DEFAULTS).toEqual({ train: 10000, test: 10000, validationSplit: 0.2, seed: 1 });
    expect(test.rows).toBe(10000);
    for (const d of trials) {
      expect([d.train.rows, d.validation.rows, d.all.rows]).toEqual([8000, 2000, 10000]);
      expect(d.all.x).toHaveLength(10000 * 10);
    }
  });

  it('splits each trial into its first 80% (train) and last 20% (validation) rows', () => {
    const d = trials[2];
    expect(Array.from(d.train.x)).toEqual(Array.from(d.all.x.subarray(0, 8000 * 10)));
    expect(Array.from(d.validation.x)).toEqual(Array.from(d.all.x.subarray(8000 * 10)));
    expect(Array.from(d.validation.y)).toEqual(Array.from(d.all.y.subarray(8000)));
  });

  it('draws the test set independently of every training set: no shared row with any trial', () => {
    const testKeys = rowKeys(test);
    expect(testKeys.size).toBe(10000);
    for (const d of trials) {
      expect(shared(testKeys, rowKeys(d.all))).toBe(0);
    }
  });

  it('gives every trial its own training set', () => {
    const keys = trials.map((d) => rowKeys(d.all));
    for (let a = 0; a < keys.length; a++)
      for (let b = a + 1; b < keys.length; b++) expect(shared(keys[a], keys[b])).toBe(0);
    expect(new Set(trials.map((d) => d.seed)).size).toBe(trials.length);
  });

  it('is reproducible: the same (seed, trial) gives the same rows, so both variants of a trial share them', () => {
    const again = makeTrialData(teacher, { ...DATA_DEFAULTS }, 3);
    expect(Array.from(again.all.x)).toEqual(Array.from(trials[3].all.x));
    expect(Array.from(again.all.y)).toEqual(Array.from(trials[3].all.y));
    expect(Array.from(makeTestSet(teacher, {}).y)).toEqual(Array.from(test.y));
  });

  it('changes every stream with data.seed, and keeps inputs independent of the teacher seed', () => {
    const other = makeTrialData(teacher, { seed: 2 }, 0);
    expect(shared(rowKeys(other.all), rowKeys(trials[0].all))).toBe(0);
    expect(shared(rowKeys(makeTestSet(teacher, { seed: 2 })), rowKeys(test))).toBe(0);
    // The inputs come from the data seed only: another teacher sees the same test inputs, with its own labels.
    const t2 = makeTestSet(createTeacher({ kind: 'nn', seed: 9 }), DATA_DEFAULTS);
    expect(Array.from(t2.x)).toEqual(Array.from(test.x));
    expect(Array.from(t2.y)).not.toEqual(Array.from(test.y));
  });

  it('follows Keras validation_split rounding and accepts split 0', () => {
    expect(trainingRows(10000, 0.2)).toBe(8000);
    expect(trainingRows(4000, 0.2)).toBe(3200);
    expect(trainingRows(999, 0.2)).toBe(799);
    const d = makeTrialData(teacher, { train: 50, validationSplit: 0 }, 0);
    expect([d.train.rows, d.validation.rows]).toEqual([50, 0]);
  });

  it('rejects bad data configs with named errors', () => {
    expect(() => makeTrialData(teacher, { validationSplit: 1 }, 0)).toThrow(
      /^teacher-student\/makeTrialData: data.validationSplit must be a number in \[0, 1\), got 1 \(use e.g. 0.2\)$/,
    );
    expect(() => makeTrialData(teacher, { train: 1 }, 0)).toThrow(/leaves no training rows/);
    expect(() => makeTrialData(teacher, {}, -1)).toThrow(
      /teacher-student\/makeTrialData: trial must be a non-negative integer/,
    );
    expect(() => makeTestSet(teacher, { test: 0 })).toThrow(
      /teacher-student\/makeTestSet: data.test must be a positive integer, got 0/,
    );
    expect(() => resolveDataConfig({ seed: 1.5 })).toThrow(/data.seed must be an integer/);
  });
});
