import { nativeEngineStatus } from '@spectral-ts/training';
import { parseConfig, planUnits, resolveConfig, trialId, unitCost } from '../src';
import { studentMacs } from '../src/units';
import { tinyConfig } from './helpers';

function resolved(over: Record<string, unknown>, backend: 'tensorflow' | 'cpu') {
  return resolveConfig(parseConfig(tinyConfig(over), 'test'), backend, 'test', []);
}

describe('units of work', () => {
  it('batch a whole group for the batched engine and one trial per unit for the single-threaded ones', () => {
    const batched = planUnits(resolved({ trials: 5, training: { epochs: 4, engine: 'batched' } }, 'tensorflow'));
    expect(batched).toHaveLength(2 * 2);
    expect(batched[0]).toMatchObject({ id: 't0-spectral-n6-trials0-4', trials: [0, 1, 2, 3, 4] });
    // 'auto' picks the wasm SIMD kernel for the paper's ReLU students on every backend: one trial per unit.
    for (const backend of ['tensorflow', 'cpu'] as const) {
      const units = planUnits(resolved({ trials: 5 }, backend));
      expect(units).toHaveLength(2 * 2 * 5);
      expect(units[0].id).toBe('t0-spectral-n6-trial0');
    }
  });

  it('cut groups into fixed slices when trialsPerUnit is set, with deterministic ids covering every trial once', () => {
    const units = planUnits(resolved({ trials: 5, execution: { backend: 'cpu', trialsPerUnit: 2 } }, 'cpu'));
    const group = units.filter((u) => u.variant === 'direct' && u.hidden === 12);
    expect(group.map((u) => u.id)).toEqual([
      't0-direct-n12-trials0-1',
      't0-direct-n12-trials2-3',
      't0-direct-n12-trial4',
    ]);
    const ids = units.flatMap((u) => u.trialIds);
    expect(new Set(ids).size).toBe(2 * 2 * 5);
    expect(planUnits(resolved({ trials: 5, execution: { backend: 'cpu', trialsPerUnit: 2 } }, 'cpu'))).toEqual(units);
    expect(trialId(1, 'spectral', 200, 3)).toBe('t1-spectral-n200-trial3');
  });

  it('record the resolved teacher, backend, engine and unit size in the resolved config', () => {
    const c = resolved({}, 'tensorflow');
    expect(c.teachers).toEqual([{ kind: 'nn', inputDim: 10, hidden: [20, 20], seed: 0 }]);
    expect(c.execution).toEqual({ backend: 'tensorflow', trialsPerUnit: 1 });
    // The paper's ReLU student: the native kernel when its addon is built, else the wasm SIMD kernel.
    expect(c.training.engine).toBe(nativeEngineStatus().startsWith('native kernel loaded') ? 'native' : 'wasm-simd');
    expect(resolved({ training: { epochs: 4, engine: 'batched' } }, 'tensorflow').execution).toEqual({
      backend: 'tensorflow',
      trialsPerUnit: 2,
    });
    expect(c.training.epochs).toBe(4);
    expect(c.data).toEqual({ train: 300, test: 300, validationSplit: 0.2, seed: 1 });
  });

  it('estimate the cost of a unit from its steps, batch and the student multiply-accumulates per row', () => {
    const c = resolved({ trials: 3, training: { epochs: 4 } }, 'cpu');
    const teacher = { inputDim: 10, hidden: [20, 20] };
    // the paper student 10 -> N1 -> 20 -> 1: 10 N1 + 20 N1 + 20 multiply-accumulates per row (method spec §3)
    expect(studentMacs(teacher, 6)).toBe(10 * 6 + 6 * 20 + 20);
    const [unit] = planUnits(c);
    // 300 rows, 20% held out: 240 training rows; batch 100 gives 3 steps per epoch of 100 rows
    expect(unitCost(c, unit, 100, teacher)).toBe(unit.trials.length * 4 * 3 * 100 * studentMacs(teacher, unit.hidden));
    // a batch larger than the data set is one step of every row
    expect(unitCost(c, unit, 500, teacher)).toBe(unit.trials.length * 4 * 1 * 240 * studentMacs(teacher, unit.hidden));
  });
});
