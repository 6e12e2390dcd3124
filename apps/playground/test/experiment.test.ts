// The worker's experiment in Node: snapshots arrive while it trains, the final one equals trainTrials' result, the
// 'auto' learning rate is 4x each strategy's default, and the pruning curve runs from N1 kept nodes to 0.
import { getStrategy } from '@spectral-ts/training';
import { learningRateOf, runExperiment } from '../src/experiment';
import type { Snapshot } from '../src/messages';
import { DEFAULT_SETTINGS, PLAYGROUND_LR_SCALE } from '../src/settings';

describe('runExperiment', () => {
  it('auto learning rate: PLAYGROUND_LR_SCALE times the strategy default; a number applies to every variant', () => {
    expect(learningRateOf(DEFAULT_SETTINGS, 'spectral')).toBeCloseTo(
      PLAYGROUND_LR_SCALE * getStrategy('spectral').config.learningRate,
    );
    expect(learningRateOf(DEFAULT_SETTINGS, 'direct')).toBeCloseTo(0.008);
    expect(learningRateOf({ ...DEFAULT_SETTINGS, learningRate: 0.01 }, 'direct')).toBe(0.01);
  });

  it('reports snapshots during training and finishes with the rank curve (spectral, teacher 4-4, N1 12)', async () => {
    const settings = { ...DEFAULT_SETTINGS, teacher: [4, 4], student: 12, epochs: 30, train: 400 };
    const seen: Snapshot[] = [];
    const done = await runExperiment(settings, 'spectral', { onSnapshot: (s) => seen.push(s), intervalMs: 0 });
    expect(seen.length).toBeGreaterThanOrEqual(30);
    expect(seen.map((s) => s.epoch).slice(0, 3)).toEqual([1, 2, 3]);
    // every epoch's losses reach the page exactly once
    expect(seen.flatMap((s) => s.history.map((h) => h.epoch))).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    expect(done.engine).toBe('wasm-simd');
    expect(done.epoch).toBe(30);
    expect(done.teacherSize).toBe(4);
    expect(done.scores).toHaveLength(12);
    expect(done.activeNodes).toBeGreaterThanOrEqual(1);
    expect(done.activeNodes).toBeLessThanOrEqual(12);
    expect(done.curve.map((p) => p.kept)).toEqual(Array.from({ length: 13 }, (_, i) => 12 - i));
    expect(done.curve[0].testMse).toBeCloseTo(done.testMse, 10);
    expect(done.curve[0].deltaMse).toBe(0);
    expect(done.removalOrder).toHaveLength(12);
    // it learned: the last epoch's training loss is below the first one's
    const losses = seen.flatMap((s) => s.history.map((h) => h.trainLoss));
    expect(losses[29]).toBeLessThan(0.5 * losses[0]);
  });

  it('sends no snapshot while the receiver is not ready, and every epoch still reaches the final one', async () => {
    const settings = { ...DEFAULT_SETTINGS, teacher: [3], student: 6, epochs: 8, train: 100 };
    const seen: Snapshot[] = [];
    // ready only before epochs 3 and 6: two snapshots during training, then the final one with what is left
    let epoch = 0;
    const ready = () => ++epoch === 3 || epoch === 6;
    await runExperiment(settings, 'spectral', { onSnapshot: (s) => seen.push(s), ready, intervalMs: 0 });
    expect(seen.map((s) => s.epoch)).toEqual([3, 6, 8]);
    expect(seen.map((s) => s.history.map((h) => h.epoch))).toEqual([
      [1, 2, 3],
      [4, 5, 6],
      [7, 8],
    ]);
  });

  it('a paused run waits at the gate and goes on when released', async () => {
    const settings = { ...DEFAULT_SETTINGS, teacher: [3], student: 6, epochs: 5, train: 100 };
    let release: () => void = () => {};
    let waits = 0;
    const gate = () => {
      waits++;
      return waits === 2 ? new Promise<void>((r) => (release = r)) : Promise.resolve();
    };
    const run = runExperiment(settings, 'direct', { onSnapshot: () => {}, gate, intervalMs: 0 });
    for (let i = 0; i < 200 && waits < 2; i++) await new Promise((r) => setTimeout(r, 50));
    await new Promise((r) => setTimeout(r, 100));
    expect(waits).toBe(2);
    release();
    const done = await run;
    expect(waits).toBe(5);
    expect(done.epoch).toBe(5);
  });
});
