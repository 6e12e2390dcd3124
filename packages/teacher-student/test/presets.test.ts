import {
  getPreset,
  listPresets,
  registerPreset,
  unregisterPreset,
  validateExperiment,
  type ExperimentDescription,
} from '../src';

describe('presets', () => {
  afterEach(() => unregisterPreset('tiny'));

  it('ships paper, paper-mini and quick', () => {
    expect(listPresets().map((p) => p.name)).toEqual(['paper', 'paper-mini', 'quick']);
    for (const p of listPresets()) expect(validateExperiment(getPreset(p.name)).name).toBe(p.name);
  });

  it('paper carries every value of method spec §2-§3', () => {
    const p = getPreset('paper');
    expect(p.teacher).toEqual({ kind: 'nn', inputDim: 10, hidden: [20, 20], seed: 0 });
    expect(p.data).toEqual({ train: 10000, test: 10000, validationSplit: 0.2, seed: 1 });
    expect(p.students).toEqual({ hidden: [10, 20, 40, 60, 200, 500, 1000], variants: ['spectral', 'direct'] });
    expect(p.training).toEqual({ epochs: 2000 });
    expect(p.trials).toBe(30);
  });

  it('paper-mini and quick are smaller versions of the same task', () => {
    const mini = getPreset('paper-mini');
    expect(mini.students.hidden).toEqual([40, 200]);
    expect([mini.trials, mini.training.epochs]).toEqual([3, 2000]);
    const quick = getPreset('quick');
    expect(quick.students.hidden).toEqual([40, 100]);
    expect([quick.trials, quick.data.train, quick.training.epochs]).toEqual([2, 10000, 1500]);
    expect(quick.teacher).toEqual(getPreset('paper').teacher);
    expect(quick.data.seed).not.toBe(quick.seed);
  });

  it('returns copies: editing one does not change the registry', () => {
    const p = getPreset('paper');
    p.students.hidden.push(7);
    p.trials = 1;
    expect(getPreset('paper').students.hidden).toHaveLength(7);
    expect(getPreset('paper').trials).toBe(30);
  });

  it('registers a user preset and refuses duplicates', () => {
    const tiny: ExperimentDescription = { ...getPreset('quick'), name: 'tiny', description: 'tiny', trials: 1 };
    registerPreset(tiny);
    expect(getPreset('tiny').trials).toBe(1);
    expect(() => registerPreset(tiny)).toThrow(
      /teacher-student\/registerPreset: a preset named 'tiny' is already registered/,
    );
    registerPreset({ ...tiny, trials: 4 }, { replace: true });
    expect(getPreset('tiny').trials).toBe(4);
  });

  it('rejects bad descriptions with named errors', () => {
    const base = getPreset('quick');
    expect(() => getPreset('papr')).toThrow(
      /^teacher-student\/getPreset: no preset named "papr" \(known presets: paper, paper-mini, quick\)$/,
    );
    expect(() => validateExperiment({ ...base, trials: 0 })).toThrow(
      /teacher-student\/validateExperiment: trials must be a positive integer, got 0/,
    );
    expect(() => validateExperiment({ ...base, epochs: 3 } as never)).toThrow(/unknown field 'epochs'/);
    expect(() => validateExperiment({ ...base, teacher: { kind: 'nn', hidden: [] } })).toThrow(
      /teacher is invalid: teacher-student\/createTeacher: teacher.hidden/,
    );
    expect(() => validateExperiment({ ...base, data: { ...base.data, seed: undefined as never } })).toThrow(
      /data.seed is missing/,
    );
    expect(() => validateExperiment({ ...base, students: { hidden: [40, 40], variants: ['spectral'] } })).toThrow(
      /repeated widths/,
    );
    expect(() => validateExperiment({ ...base, students: { hidden: [40], variants: [] } })).toThrow(
      /students.variants must be a non-empty array/,
    );
    expect(() => validateExperiment({ ...base, name: 'Has Space' })).toThrow(/name must be a lower-case identifier/);
  });
});
