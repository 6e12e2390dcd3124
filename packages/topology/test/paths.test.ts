import type { NetworkWeights } from '@spectral-ts/spectral';
import { buildTeacherNetwork } from '@spectral-ts/teacher-student';
import {
  allNodes,
  interpolateSorted,
  meanSortedOnCommonGrid,
  pathCount,
  pathValues,
  prunedNodes,
  quantiles,
  sortedOnGrid,
  toPathDistribution,
  GRID_POINTS,
} from '../src';
import { bruteForcePaths, randomNetwork } from './helpers';

// A hand-made 2-3-2-1 network: a spectral first layer (W = phi (0 - lambda), method spec §1), then two dense layers.
const handMade: NetworkWeights = {
  inputDim: 2,
  layers: [
    {
      kind: 'spectral',
      phi: [
        [1, -2, 0.5],
        [3, 0.25, -1],
      ],
      lambdaIn: [0, 0],
      lambdaOut: [2, -1, 4],
      activation: 'relu',
    },
    {
      kind: 'dense',
      kernel: [
        [1, -1],
        [2, 0.5],
        [-3, 4],
      ],
      activation: 'relu',
    },
    { kind: 'dense', kernel: [[2], [-0.5]], activation: 'linear' },
  ],
};

describe('pathValues', () => {
  it('gives every path of a hand-made 2-3-2-1 network, equal to a written-out enumeration', () => {
    // Direct weights of layer 0: W[j][i] = -phi[j][i] * lambda[i].
    const W1 = [
      [-2, -2, -2],
      [-6, 0.25, 4],
    ];
    const W2 = [
      [1, -1],
      [2, 0.5],
      [-3, 4],
    ];
    const W3 = [2, -0.5];
    const expected: number[] = [];
    for (let i = 0; i < 2; i++)
      for (let j = 0; j < 3; j++) for (let k = 0; k < 2; k++) expected.push(W1[i][j] * W2[j][k] * W3[k]);
    expected.sort((a, b) => a - b);
    const paths = pathValues(handMade);
    expect(paths.count).toBe(12);
    expect(paths.sampled).toBe(false);
    expect(Array.from(paths.values)).toEqual(expected);
    expect(Array.from(paths.values)).toEqual(bruteForcePaths(handMade));
  });

  it('equals a recursive enumeration on random small networks, with and without a node selection', () => {
    const shapes = [
      [3, 4, 2],
      [2, 3, 2, 1],
      [4, 1, 3, 2, 2],
      [5, 5],
      [1, 6, 3, 1],
    ];
    shapes.forEach((sizes, s) => {
      const net = randomNetwork(sizes, 100 + s);
      const got = Array.from(pathValues(net).values);
      const want = bruteForcePaths(net);
      expect(got.length).toBe(pathCount(sizes));
      got.forEach((v, i) => expect(v).toBeCloseTo(want[i], 12));
      const keep = allNodes(net).map((idx, l) => (l === 1 && idx.length > 1 ? idx.filter((i) => i % 2 === 0) : idx));
      const kept = Array.from(pathValues(net, { keep }).values);
      const keptWant = bruteForcePaths(net, keep);
      expect(kept.length).toBe(keptWant.length);
      kept.forEach((v, i) => expect(v).toBeCloseTo(keptWant[i], 12));
    });
  });

  it('estimates the quantiles of a 10-200-20-1 network from a seeded sample', () => {
    const net = randomNetwork([10, 200, 20, 1], 7);
    const exact = pathValues(net);
    expect(exact.count).toBe(40000);
    const sample = pathValues(net, { maxExactPaths: 1000, samples: 50000, seed: 3 });
    expect(sample.sampled).toBe(true);
    expect(sample.count).toBe(40000);
    expect(sample.values.length).toBe(50000);
    const qe = quantiles(exact.values);
    const qs = quantiles(sample.values);
    const spread = qe.q99 - qe.q01;
    for (const key of Object.keys(qe) as (keyof typeof qe)[])
      expect(Math.abs(qs[key] - qe[key])).toBeLessThan(0.02 * spread);
    // Reproducible from the seed, different for another seed.
    expect(Array.from(pathValues(net, { maxExactPaths: 1000, samples: 1000, seed: 3 }).values)).toEqual(
      Array.from(pathValues(net, { maxExactPaths: 1000, samples: 1000, seed: 3 }).values),
    );
    expect(Array.from(pathValues(net, { maxExactPaths: 1000, samples: 1000, seed: 4 }).values)).not.toEqual(
      Array.from(pathValues(net, { maxExactPaths: 1000, samples: 1000, seed: 3 }).values),
    );
  });

  it('runs the nn teacher through its 10 * 20 * 20 paths, whose two minus signs cancel (method spec §5.4)', () => {
    const teacher = buildTeacherNetwork(10, [20, 20], 0);
    const paths = pathValues(teacher);
    expect(paths.count).toBe(4000);
    // W1 W2 = (-B1)(-B2) = B1 B2: the path values from the raw phi blocks.
    const l0 = teacher.layers[0];
    const l1 = teacher.layers[1];
    if (l0.kind !== 'spectral' || l1.kind !== 'spectral') throw new Error('expected spectral teacher layers');
    const direct: number[] = [];
    for (let i = 0; i < 10; i++)
      for (let j = 0; j < 20; j++) for (let k = 0; k < 20; k++) direct.push(l0.phi[i][j] * l1.phi[j][k]);
    direct.sort((a, b) => a - b);
    Array.from(paths.values).forEach((v, i) => expect(v).toBeCloseTo(direct[i], 14));
  });

  it('fails with a named error when the view keeps no path', () => {
    const net = randomNetwork([2, 3, 1], 1);
    expect(() => pathValues(net, { keep: [[0, 1], [], [0]] })).toThrow(/topology\/pathValues: the view keeps no path/);
  });
});

describe('path distribution on a grid', () => {
  it('interpolates ranks linearly (numpy "linear" quantiles)', () => {
    const sorted = [0, 10, 20, 40];
    expect(interpolateSorted(sorted, 0)).toBe(0);
    expect(interpolateSorted(sorted, 1)).toBe(40);
    expect(interpolateSorted(sorted, 0.5)).toBe(15); // position 1.5
    expect(interpolateSorted(sorted, 5 / 6)).toBeCloseTo(30, 12); // position 2.5
    expect(sortedOnGrid(sorted, 4)).toEqual([0, 10, 20, 40]);
    const q = quantiles(Array.from({ length: 101 }, (_, i) => i));
    expect(q).toEqual({ q01: 1, q05: 5, q25: 25, q50: 50, q75: 75, q95: 95, q99: 99 });
  });

  it('stores GRID_POINTS sorted values and the exact path count', () => {
    const d = toPathDistribution(pathValues(handMade));
    expect(d.sortedOnGrid).toHaveLength(GRID_POINTS);
    expect(d.sortedOnGrid[0]).toBe(Math.min(...bruteForcePaths(handMade)));
    expect(d.sortedOnGrid[GRID_POINTS - 1]).toBe(Math.max(...bruteForcePaths(handMade)));
    expect(d.count).toBe(12);
  });

  it('averages trials of different lengths on a grid as long as the longest list (method spec §5.4)', () => {
    const a = [0, 1, 2, 3, 4]; // 5 values: the grid has 5 levels 0, 0.25, ..., 1
    const b = [0, 8]; // interpolated: 0, 2, 4, 6, 8
    const { grid, mean, std } = meanSortedOnCommonGrid([a, b]);
    expect(grid).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect(mean).toEqual([0, 1.5, 3, 4.5, 6]);
    expect(std).toEqual([0, 0.5, 1, 1.5, 2]);
  });

  it('keeps only the surviving first-layer nodes in the pruned view', () => {
    const net = randomNetwork([3, 6, 2, 1], 11);
    const layer = net.layers[0];
    if (layer.kind !== 'spectral') throw new Error('expected a spectral first layer');
    layer.lambdaOut[1] = 1e-4; // score ratio far below 0.05
    layer.mask = [1, 1, 0, 1, 1, 1]; // node 2 masked
    const keep = prunedNodes(net);
    expect(keep[1]).toEqual([0, 3, 4, 5]);
    expect(pathValues(net, { keep }).count).toBe(3 * 4 * 2 * 1);
  });
});
