import type { NetworkWeights } from '@spectral-ts/spectral';
import { nodeScores } from '@spectral-ts/spectral';
import { weightedInDegree } from 'graphology-metrics/node/weighted-degree.js';
import {
  activeFlags,
  activeNodesPerLayer,
  betweennessByLayer,
  firstLayerInStrength,
  layerNodes,
  neuronKey,
  prunedNodes,
  rangeNormalize,
  strengthsByLayer,
  survivingSubgraph,
  toGraph,
} from '../src';
import { bruteForcePaths, randomNetwork, weightOf } from './helpers';

describe('toGraph', () => {
  it('has one node per neuron and one edge per nonzero direct weight, with the weights of method spec §1', () => {
    const net = randomNetwork([3, 4, 2], 21);
    const dense = net.layers[1];
    if (dense.kind !== 'dense') throw new Error('expected a dense second layer');
    dense.kernel[0][1] = 0; // a zero weight is no edge
    const g = toGraph(net);
    expect(g.order).toBe(9);
    expect(g.size).toBe(3 * 4 + 4 * 2 - 1);
    expect(g.hasEdge(neuronKey(1, 0), neuronKey(2, 1))).toBe(false);
    for (let j = 0; j < 3; j++) {
      for (let k = 0; k < 4; k++) {
        const attr = g.getEdgeAttributes(neuronKey(0, j), neuronKey(1, k));
        expect(attr.weight).toBe(weightOf(net, 0, j, k));
        expect(attr.absWeight).toBe(Math.abs(attr.weight));
        expect(attr.distance).toBeCloseTo(1 / Math.abs(attr.weight), 15);
      }
    }
    const layer0 = net.layers[0];
    if (layer0.kind !== 'spectral') throw new Error('expected a spectral first layer');
    const scores = nodeScores(layer0);
    layerNodes(g, 1).forEach((node, k) => {
      expect(g.getNodeAttribute(node, 'eigenvalue')).toBe(layer0.lambdaOut[k]);
      expect(g.getNodeAttribute(node, 'score')).toBe(scores[k]);
      expect(g.getNodeAttribute(node, 'kind')).toBe('spectral');
    });
    expect(g.getNodeAttribute(neuronKey(0, 2), 'kind')).toBe('input');
    expect(g.getNodeAttribute(neuronKey(0, 2), 'score')).toBeUndefined();
    expect(g.getNodeAttribute(neuronKey(2, 1), 'eigenvalue')).toBeUndefined();
    expect(g.getAttributes()).toEqual({ nodeLayers: 3, fullSizes: '3,4,2' });
  });

  it('drops weights at or below minAbsWeight', () => {
    const net = randomNetwork([4, 5, 3], 2);
    const g = toGraph(net, { minAbsWeight: 0.5 });
    let expected = 0;
    for (let l = 0; l < 2; l++) {
      const [n, m] = l === 0 ? [4, 5] : [5, 3];
      for (let j = 0; j < n; j++) for (let k = 0; k < m; k++) if (Math.abs(weightOf(net, l, j, k)) > 0.5) expected++;
    }
    expect(g.size).toBe(expected);
  });
});

describe('survivingSubgraph', () => {
  function maskedNet(): NetworkWeights {
    const net = randomNetwork([3, 5, 3, 1], 31);
    const l0 = net.layers[0];
    const l1 = net.layers[1];
    if (l0.kind !== 'spectral' || l1.kind !== 'dense') throw new Error('unexpected layer kinds');
    l0.mask = [1, 0, 1, 1, 1]; // hidden node 1 masked
    l0.lambdaOut[3] = 0; // hidden node 3: lambda 0
    for (let k = 0; k < 3; k++) l1.kernel[4][k] = 0; // hidden node 4 has no outgoing weight
    return net;
  }

  it('drops masked neurons (mask 0 or lambda 0) and neurons on no active path', () => {
    const net = maskedNet();
    const g = toGraph(net);
    expect(g.getNodeAttribute(neuronKey(1, 1), 'masked')).toBe(true);
    expect(g.getNodeAttribute(neuronKey(1, 3), 'masked')).toBe(true);
    expect(g.getNodeAttribute(neuronKey(1, 4), 'masked')).toBe(false);
    expect(g.getNodeAttribute(neuronKey(1, 4), 'active')).toBe(false);
    const sub = survivingSubgraph(g);
    expect(layerNodes(sub, 1)).toEqual([neuronKey(1, 0), neuronKey(1, 2)]);
    expect(sub.order).toBe(3 + 2 + 3 + 1);
    expect(sub.size).toBe(3 * 2 + 2 * 3 + 3);
    expect(activeNodesPerLayer(g)).toEqual([3, 2, 3, 1]);
    expect(sub.getAttributes()).toEqual(g.getAttributes());
  });

  it('agrees with a brute-force check: a neuron is active iff a nonzero-valued path runs through it', () => {
    for (let seed = 0; seed < 8; seed++) {
      const net = randomNetwork([3, 4, 4, 2], 300 + seed);
      // Sparsify: zero about 60 % of the weights so that some neurons lose every path.
      net.layers.forEach((layer, l) => {
        const rows = layer.kind === 'spectral' ? layer.phi : layer.kernel;
        rows.forEach((row, j) =>
          row.forEach((_, k) => {
            if ((seed * 31 + l * 17 + j * 7 + k * 3) % 10 < 6) row[k] = 0;
          }),
        );
      });
      const flags = activeFlags(net);
      flags.forEach((layerFlags, l) => {
        layerFlags.forEach((flag, i) => {
          const keep = [3, 4, 4, 2].map((n, m) => (m === l ? [i] : Array.from({ length: n }, (_, x) => x)));
          const throughNode = bruteForcePaths(net, keep).some((v) => v !== 0);
          expect(flag).toBe(throughNode);
        });
      });
    }
  });

  it('restricts the graph to a keep selection (the pruned view)', () => {
    const net = maskedNet();
    const keep = prunedNodes(net);
    const g = toGraph(net, { keep });
    expect(layerNodes(g, 1).map((n) => g.getNodeAttribute(n, 'index'))).toEqual(keep[1]);
    expect(keep[1]).not.toContain(1);
    expect(keep[1]).not.toContain(3);
    expect(keep[1]).not.toContain(4);
  });
});

describe('strengths, degrees, betweenness', () => {
  it('in/out strengths equal graphology weighted degree and a manual sum of the direct weights', () => {
    const net = randomNetwork([4, 6, 3, 1], 41);
    const g = toGraph(net);
    const layers = strengthsByLayer(g);
    for (let k = 0; k < 6; k++) {
      let manualIn = 0;
      for (let j = 0; j < 4; j++) manualIn += weightOf(net, 0, j, k);
      let manualOut = 0;
      for (let m = 0; m < 3; m++) manualOut += weightOf(net, 1, k, m);
      expect(layers[1].inStrength[k]).toBeCloseTo(manualIn, 13);
      expect(layers[1].outStrength[k]).toBeCloseTo(manualOut, 13);
      expect(layers[1].inStrength[k]).toBe(weightedInDegree(g, neuronKey(1, k), 'weight'));
      expect(layers[1].inDegree[k]).toBe(4);
    }
    expect(firstLayerInStrength(net)).toEqual(layers[1].inStrength.map((v) => expect.closeTo(v, 13)));
    expect(layers[0].inStrength).toEqual([0, 0, 0, 0]);
    expect(layers[0].outDegree).toEqual([6, 6, 6, 6]);
  });

  it('degree after a threshold counts |w| > threshold, absolute or relative to the largest |w|', () => {
    const net = randomNetwork([4, 6, 3], 42);
    const g = toGraph(net);
    const abs = strengthsByLayer(g, { degreeThreshold: 0.4 });
    let max = 0;
    g.forEachEdge((_, a) => {
      max = Math.max(max, a.absWeight);
    });
    const rel = strengthsByLayer(g, { degreeThreshold: 0.4 / max, relativeThreshold: true });
    for (let k = 0; k < 6; k++) {
      let count = 0;
      for (let j = 0; j < 4; j++) if (Math.abs(weightOf(net, 0, j, k)) > 0.4) count++;
      expect(abs[1].inDegree[k]).toBe(count);
      expect(rel[1].inDegree[k]).toBe(count);
    }
  });

  it('betweenness runs on 1 / |w| distances: the strong route carries the shortest path', () => {
    // x -> h0 (w = 1) -> y (w = -1): length 2;  x -> h1 (w = 0.5) -> y (w = 0.5): length 4.
    const net: NetworkWeights = {
      inputDim: 1,
      layers: [
        { kind: 'dense', kernel: [[1, 0.5]], activation: 'relu' },
        { kind: 'dense', kernel: [[-1], [0.5]], activation: 'linear' },
      ],
    };
    const b = betweennessByLayer(toGraph(net), { normalized: false });
    expect(b[1].values).toEqual([1, 0]);
    expect(b[0].values).toEqual([0]);
    expect(b[2].values).toEqual([0]);
  });

  it('the peak-to-peak normalisation of method spec §5.5', () => {
    expect(rangeNormalize([-1, 1, 3])).toEqual([-0.25, 0.25, 0.75]);
  });
});
