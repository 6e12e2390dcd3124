import type { NetworkWeights } from '@spectral-ts/spectral';
import { getRanking, listRankings, rankNodes, registerRanking, removalOrder } from '../src';

// A hand-made spectral layer, 2 inputs -> 4 nodes, chosen so the rankings disagree:
//   node:           0      1      2      3
//   lambda:         3     -0.5    1      0.1
//   ||phi_:,i||:    0.1    4      1      5       (columns (0.1,0), (0,4), (0.6,0.8), (3,4))
//   L/sqrt(4)=|l|*|phi|: 0.3  2    1      0.5
const spectralNet: NetworkWeights = {
  inputDim: 2,
  layers: [
    {
      kind: 'spectral',
      phi: [
        [0.1, 0, 0.6, 3],
        [0, 4, 0.8, 4],
      ],
      lambdaIn: [0, 0],
      lambdaOut: [3, -0.5, 1, 0.1],
      activation: 'relu',
    },
    { kind: 'dense', kernel: [[1], [1], [1], [1]], activation: 'linear' },
  ],
};

// A dense layer with incoming-weight norms 5, 1, 13, 0 (columns (3,4), (0,1), (5,12), (0,0)).
const denseNet: NetworkWeights = {
  inputDim: 2,
  layers: [
    {
      kind: 'dense',
      kernel: [
        [3, 0, 5, 0],
        [4, 1, 12, 0],
      ],
      activation: 'relu',
    },
    { kind: 'dense', kernel: [[1], [1], [1], [1]], activation: 'linear' },
  ],
};

describe('rankings', () => {
  it('rescaled-eigenvalue gives |lambda| ||phi|| sqrt(N) and removes in ascending order', () => {
    const r = rankNodes(spectralNet, { ranking: 'rescaled-eigenvalue' });
    [0.3, 2, 1, 0.5].forEach((v, i) => expect(r.scores[i]).toBeCloseTo(v * 2, 12));
    expect(r.removalOrder).toEqual([0, 3, 2, 1]);
  });

  it('abs-eigenvalue ranks by |lambda| alone, a different order on the same layer', () => {
    const r = rankNodes(spectralNet, { ranking: 'abs-eigenvalue' });
    expect(r.scores).toEqual([3, 0.5, 1, 0.1]);
    expect(r.removalOrder).toEqual([3, 1, 2, 0]);
  });

  it('weight-norm ranks dense nodes by incoming norm (times sqrt N) and equals L on a spectral layer', () => {
    const r = rankNodes(denseNet, { ranking: 'weight-norm' });
    [5, 1, 13, 0].forEach((v, i) => expect(r.scores[i]).toBeCloseTo(v * 2, 12));
    expect(r.removalOrder).toEqual([3, 1, 0, 2]);
    const s = rankNodes(spectralNet, { ranking: 'weight-norm' });
    expect(s.removalOrder).toEqual([0, 3, 2, 1]);
  });

  it('masked nodes score 0 and go first', () => {
    const masked = structuredClone(spectralNet);
    (masked.layers[0] as { mask?: number[] }).mask = [1, 0, 1, 1];
    expect(rankNodes(masked, { ranking: 'rescaled-eigenvalue' }).removalOrder[0]).toBe(1);
    expect(rankNodes(masked, { ranking: 'abs-eigenvalue' }).scores[1]).toBe(0);
  });

  it("'auto' resolves by layer kind", () => {
    expect(rankNodes(spectralNet).ranking).toBe('rescaled-eigenvalue');
    expect(rankNodes(denseNet).ranking).toBe('weight-norm');
  });

  it('random is a seeded, reproducible order that changes with the seed', () => {
    const wide: NetworkWeights = {
      inputDim: 1,
      layers: [
        { kind: 'dense', kernel: [new Array(50).fill(1)], activation: 'relu' },
        { kind: 'dense', kernel: new Array(50).fill([1]), activation: 'linear' },
      ],
    };
    const a = rankNodes(wide, { ranking: 'random', seed: 7 });
    const b = rankNodes(wide, { ranking: 'random', seed: 7 });
    const c = rankNodes(wide, { ranking: 'random', seed: 8 });
    expect(a.removalOrder).toEqual(b.removalOrder);
    expect(a.removalOrder).not.toEqual(c.removalOrder);
    expect([...a.removalOrder].sort((x, y) => x - y)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(a.scores.every((s) => s > 0 && s <= 1)).toBe(true);
  });

  it('ties are broken by node index', () => {
    expect(removalOrder([2, 1, 2, 1, 0])).toEqual([4, 1, 3, 0, 2]);
  });

  it('eigenvalue rankings on a dense layer are a clear error naming the fix', () => {
    expect(() => rankNodes(denseNet, { ranking: 'rescaled-eigenvalue' })).toThrow(
      /^pruning\/rescaledEigenvalue: layer 0 is a dense layer.*use the 'weight-norm' ranking/,
    );
    expect(() => rankNodes(denseNet, { ranking: 'abs-eigenvalue' })).toThrow(
      /^pruning\/absEigenvalue: layer 0 is a dense layer/,
    );
  });

  it('layer index out of range is a clear error', () => {
    expect(() => rankNodes(spectralNet, { layerIndex: 5 })).toThrow(
      /^pruning\/resolveRankingName: layerIndex 5 is out of range/,
    );
    expect(() => rankNodes(spectralNet, { ranking: 'weight-norm', layerIndex: -1 })).toThrow(
      /^pruning\/weightNorm: layerIndex -1 is out of range/,
    );
  });

  it('plugins register, are listed and used; duplicates and unknown names are errors', () => {
    registerRanking({
      name: 'test-first-input',
      description: '|phi_0i|',
      score: (net, k) => (net.layers[k] as { phi: number[][] }).phi[0].map(Math.abs),
    });
    expect(listRankings()).toEqual(
      expect.arrayContaining(['abs-eigenvalue', 'random', 'rescaled-eigenvalue', 'test-first-input', 'weight-norm']),
    );
    expect(rankNodes(spectralNet, { ranking: 'test-first-input' }).removalOrder).toEqual([1, 0, 2, 3]);
    expect(() => registerRanking(getRanking('random'))).toThrow(
      /^pruning\/registerRanking: a ranking named 'random' is already registered/,
    );
    expect(() => getRanking('nope')).toThrow(
      /^pruning\/getRanking: unknown ranking 'nope' \(known: .*rescaled-eigenvalue/,
    );
    registerRanking({ name: 'test-nan', description: 'bad', score: () => [NaN, 1, 1, 1] });
    expect(() => rankNodes(spectralNet, { ranking: 'test-nan' })).toThrow(
      /^pruning\/rankNodes: ranking 'test-nan' gave node 0 the score NaN/,
    );
  });
});
