import type { NetworkWeights } from '@spectral-ts/spectral';
import { drawNetworks } from '../src/network-drawing';

const net: NetworkWeights = {
  inputDim: 2,
  layers: [
    {
      kind: 'dense',
      kernel: [
        [1, 0, -4],
        [2, 0.5, 0],
      ],
      activation: 'relu',
    },
    { kind: 'dense', kernel: [[1], [-1], [2]], activation: 'relu' },
  ],
};

function lines(svg: string): { width: number; stroke: string }[] {
  return [...svg.matchAll(/<line [^>]*stroke="([^"]+)" stroke-width="([^"]+)"[^>]*\/>/g)].map((m) => ({
    stroke: m[1],
    width: Number(m[2]),
  }));
}

describe('drawNetworks', () => {
  it('draws one edge per non-zero weight, width proportional to |w| / max |w| of its layer, colour by sign', () => {
    const svg = drawNetworks([{ title: 'full', net }]);
    const edges = lines(svg).slice(0, -2); // the legend's two sample lines come last
    // layer 0: 4 non-zero weights (1, -4, 2, 0.5), layer 1: 3 (1, -1, 2)
    expect(edges.length).toBe(7);
    expect(edges.filter((e) => e.stroke === '#b2182b').length).toBe(2); // -4 and -1
    // the largest |w| of each layer (-4 and 2) gets the full width 0.2 + 2.6; |w| = 1 of 4 gets 0.2 + 2.6 / 4
    expect(edges.filter((e) => e.width === 2.8).length).toBe(2);
    expect(edges.filter((e) => e.width === 0.85).length).toBe(1);
    // 2 + 3 + 1 nodes
    expect(svg.match(/<circle /g)?.length).toBe(6);
  });
  it('draws only the kept nodes of a NodeSelection and escapes titles', () => {
    const svg = drawNetworks([{ title: '<b>x</b>', net, keep: [[0, 1], [0, 2], [0]] }]);
    expect(svg.match(/<circle /g)?.length).toBe(5);
    expect(svg).toContain('2 of 3 kept');
    expect(svg).toContain('&lt;b&gt;x&lt;/b&gt;');
    expect(svg).not.toContain('<b>');
    // kept nodes 0 and 2: weights 1, -4, 2, 0 (zero skipped) in layer 0; 1 and 2 in layer 1 -> 5 edges
    expect(lines(svg).slice(0, -2).length).toBe(5);
  });
  it('drops the rows and columns of unkept nodes in every layer', () => {
    // input 0 and hidden node 1 dropped: layer 0 keeps row 1, columns 0 and 2 (2, 0 -> 1 edge); layer 1 keeps 1 and 2
    const svg = drawNetworks([{ title: 'sub', net, keep: [[1], [0, 2], [0]] }]);
    expect(svg).toContain('1 of 2 inputs');
    expect(svg.match(/<circle /g)?.length).toBe(4);
    const edges = lines(svg).slice(0, -2);
    expect(edges.length).toBe(3);
    // layer 0 now holds only the weight 2 (its own max), layer 1 holds 1 and 2
    expect(edges.filter((e) => e.width === 2.8).length).toBe(2);
    expect(edges.filter((e) => e.width === 1.5).length).toBe(1);
  });
});
