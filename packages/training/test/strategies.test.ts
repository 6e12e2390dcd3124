// Strategy registry and what every built-in strategy trains: checked by training and comparing weights.
import type { NetworkWeights, SpectralLayerWeights, DenseLayerWeights } from '@spectral-ts/spectral';
import {
  getStrategy,
  listStrategies,
  strategyAnalysis,
  registerStrategy,
  spectralStrategy,
  trainTrials,
  type EngineName,
  type TrainingStrategy,
} from '../src';
import { nativeEngines, randomStudent, teacherData } from './helpers';

describe('strategy registry', () => {
  it('lists the four built-in strategies with the paper defaults (method spec §1, §3, §7)', () => {
    const byName = Object.fromEntries(listStrategies().map((s) => [s.name, s.defaults]));
    expect(Object.keys(byName)).toEqual(
      expect.arrayContaining(['spectral', 'direct', 'eigenvalues-only', 'alternating']),
    );
    expect(byName.spectral).toMatchObject({
      learningRate: 0.005,
      batchSize: 300,
      l2: { phi: 0.01, lambdaOut: 5e-4, kernel: 0 },
    });
    expect(byName.direct).toMatchObject({
      learningRate: 0.002,
      batchSize: 500,
      l2: { phi: 0.01, lambdaOut: 0, kernel: 0 },
    });
    expect(byName['eigenvalues-only']).toMatchObject({ learningRate: 0.005, batchSize: 300 });
    expect(byName.alternating).toMatchObject({ learningRate: 0.005, batchSize: 300, period: 10 });
  });

  it('declares how pruning and topology look at its students: direct in full with the weight norm', () => {
    const info = Object.fromEntries(listStrategies().map((s) => [s.name, [s.pruningView, s.ranking]]));
    expect(info.spectral).toEqual(['pruned', 'rescaled-eigenvalue']);
    expect(info['eigenvalues-only']).toEqual(['pruned', 'rescaled-eigenvalue']);
    expect(info.alternating).toEqual(['pruned', 'rescaled-eigenvalue']);
    expect(info.direct).toEqual(['full', 'weight-norm']);
    expect(strategyAnalysis('direct')).toEqual({ pruningView: 'full', ranking: 'weight-norm' });
    expect(getStrategy('direct', { learningRate: 0.01 }).pruningView).toBe('full');
    // a plugin that declares nothing gets the pruned view and pruning's 'auto' ranking
    const plain = (): TrainingStrategy => ({
      ...spectralStrategy(),
      name: 'plugin-plain',
      pruningView: undefined,
      ranking: undefined,
    });
    registerStrategy('plugin-plain', plain);
    expect(strategyAnalysis('plugin-plain')).toEqual({ pruningView: 'pruned' });
    const bad = (): TrainingStrategy => ({ ...spectralStrategy(), name: 'plugin-bad', pruningView: 'half' as 'full' });
    expect(() => registerStrategy('plugin-bad', bad)).toThrow(/declares pruningView 'half' \(use 'pruned' or 'full'\)/);
    expect(() => strategyAnalysis('nope')).toThrow(/training\/strategyAnalysis: unknown strategy 'nope'/);
  });

  it('applies overrides field by field and rejects bad numbers', () => {
    const s = getStrategy('spectral', { learningRate: 0.01, l2: { phi: 0.02 } });
    expect(s.config.learningRate).toBe(0.01);
    expect(s.config.l2).toMatchObject({ phi: 0.02, lambdaOut: 5e-4 });
    expect(() => getStrategy('spectral', { batchSize: 0 })).toThrow(/training\/getStrategy: batchSize/);
    expect(() => getStrategy('nope')).toThrow(/unknown strategy 'nope'/);
  });

  it('lets a plugin register a strategy and refuses duplicates', () => {
    const plugin = (): TrainingStrategy => ({ ...spectralStrategy(), name: 'plugin-all', trainable: () => true });
    registerStrategy('plugin-all', plugin);
    expect(
      getStrategy('plugin-all').trainable({
        layerIndex: 0,
        layerKind: 'spectral',
        name: 'lambdaIn',
        layerFrozen: false,
      }),
    ).toBe(true);
    expect(() => registerStrategy('plugin-all', plugin)).toThrow(/already registered/);
    expect(() => registerStrategy('spectral', plugin, { replace: true })).toThrow(
      /builds a strategy named 'plugin-all'/,
    );
  });
});

const spectral = (n: NetworkWeights) => n.layers[0] as SpectralLayerWeights;
const dense = (n: NetworkWeights, k: number) => n.layers[k] as DenseLayerWeights;
// The batched, wasm-simd and native engines hold trained groups in float32, so "unchanged" means equal after rounding to float32.
const f32 = (a: number[] | number[][]) => (a as number[]).flat().map((v) => Math.fround(v));
const changed = (a: number[] | number[][], b: number[] | number[][]) =>
  JSON.stringify(f32(a)) !== JSON.stringify(f32(b));

describe.each(['typed-array', 'wasm-simd', 'batched', ...nativeEngines()] as EngineName[])(
  'what each strategy trains, engine %s',
  (engine) => {
    const initial = randomStudent(7, 6, 8, 5);
    const train = teacherData(3, 10, 6);
    // Batch size 1 and 10 rows: one epoch is 10 optimiser steps, the alternating strategy's period.
    const trainFor = async (strategy: string, epochs: number) =>
      (
        await trainTrials({
          trials: [{ initial, train, shuffleSeed: 1 }],
          strategy,
          strategyOptions: { batchSize: 1 },
          epochs,
          engine,
        })
      ).trials[0].weights;

    it.each([
      ['spectral', { phi: true, lambdaOut: true, kernel: true }],
      ['direct', { phi: true, lambdaOut: false, kernel: true }],
      ['eigenvalues-only', { phi: false, lambdaOut: true, kernel: true }],
    ] as const)('%s', async (name, expected) => {
      const w = await trainFor(name, 1);
      expect({
        phi: changed(spectral(w).phi, spectral(initial).phi),
        lambdaOut: changed(spectral(w).lambdaOut, spectral(initial).lambdaOut),
        kernel: changed(dense(w, 1).kernel, dense(initial, 1).kernel),
      }).toEqual(expected);
      // Never trained: lambdaIn (0 in the paper) and the frozen output layer.
      expect(spectral(w).lambdaIn).toEqual(spectral(initial).lambdaIn);
      expect(dense(w, 2).kernel).toEqual(dense(initial, 2).kernel);
    });

    it('alternating: steps 1-10 update lambdaOut and Dense-2 only, steps 11-20 phi and Dense-2 only', async () => {
      const after10 = await trainFor('alternating', 1);
      const after20 = await trainFor('alternating', 2);
      expect(f32(spectral(after10).phi)).toEqual(f32(spectral(initial).phi));
      expect(changed(spectral(after10).lambdaOut, spectral(initial).lambdaOut)).toBe(true);
      expect(changed(dense(after10, 1).kernel, dense(initial, 1).kernel)).toBe(true);
      expect(f32(spectral(after20).lambdaOut)).toEqual(f32(spectral(after10).lambdaOut));
      expect(changed(spectral(after20).phi, spectral(after10).phi)).toBe(true);
      expect(changed(dense(after20, 1).kernel, dense(after10, 1).kernel)).toBe(true);
      const after30 = await trainFor('alternating', 3);
      expect(f32(spectral(after30).phi)).toEqual(f32(spectral(after20).phi));
      expect(changed(spectral(after30).lambdaOut, spectral(after20).lambdaOut)).toBe(true);
    });

    it('frozenLayers: [] trains the output layer too; a frozen layer stays put', async () => {
      const all = (
        await trainTrials({
          trials: [{ initial, train, shuffleSeed: 1 }],
          strategy: 'spectral',
          strategyOptions: { batchSize: 5 },
          epochs: 1,
          engine,
          frozenLayers: [],
        })
      ).trials[0].weights;
      expect(changed(dense(all, 2).kernel, dense(initial, 2).kernel)).toBe(true);
      const first = (
        await trainTrials({
          trials: [{ initial, train, shuffleSeed: 1 }],
          strategy: 'spectral',
          strategyOptions: { batchSize: 5 },
          epochs: 1,
          engine,
          frozenLayers: [0, 2],
        })
      ).trials[0].weights;
      expect(spectral(first)).toEqual(spectral(initial));
      expect(changed(dense(first, 1).kernel, dense(initial, 1).kernel)).toBe(true);
    });
  },
);
