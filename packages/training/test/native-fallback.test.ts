// Where the native kernel cannot run (here: switched off, as where its addon did not build), 'auto' and an explicit
// 'native' both train on wasm-simd and say why in one line. Jest gives every test file its own module registry,
// so the switch set here reaches a fresh load of @spectral-ts/kernel-native.
import type { EngineName } from '../src';
import { randomStudent, teacherData } from './helpers';

process.env.SPECTRAL_NATIVE_KERNEL = 'off';

describe('native kernel unavailable', () => {
  afterAll(() => {
    delete process.env.SPECTRAL_NATIVE_KERNEL;
  });

  it("'auto' and 'native' fall back to wasm-simd, with one line naming the reason", async () => {
    const { nativeEngineStatus, nativeSupports, trainTrials, buildTrainingPlan, spectralStrategy } =
      await import('../src');
    const initial = randomStudent(1, 10, 16, 8);
    expect(nativeSupports(buildTrainingPlan(initial, spectralStrategy(), [2]))).toBe(false);
    expect(nativeEngineStatus()).toBe('native kernel unavailable: disabled by SPECTRAL_NATIVE_KERNEL=off');
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => {});
    const trial = { initial, train: teacherData(2, 120), shuffleSeed: 3 };
    const engines: EngineName[] = [];
    for (const engine of ['auto', 'native', 'auto'] as const) {
      engines.push((await trainTrials({ trials: [trial], strategy: 'spectral', epochs: 2, engine })).engine);
    }
    expect(engines).toEqual(['wasm-simd', 'wasm-simd', 'wasm-simd']);
    expect(warn.mock.calls).toEqual([
      ['training: native kernel unavailable: disabled by SPECTRAL_NATIVE_KERNEL=off; engine auto uses wasm-simd'],
    ]);
    warn.mockRestore();
  });
});
