import { parseGexf, parseGraphml, toGraph, writeGexf, writeGraphml, type NetworkGraph } from '../src';
import { randomNetwork } from './helpers';

function maskedNetworkGraph(): NetworkGraph {
  const net = randomNetwork([3, 4, 2, 1], 51);
  const l0 = net.layers[0];
  if (l0.kind !== 'spectral') throw new Error('expected a spectral first layer');
  l0.mask = [1, 1, 0, 1];
  return toGraph(net);
}

function expectSameGraph(read: NetworkGraph, original: NetworkGraph): void {
  expect(read.type).toBe('directed');
  expect(read.order).toBe(original.order);
  expect(read.size).toBe(original.size);
  expect(read.getAttributes()).toEqual(original.getAttributes());
  original.forEachNode((node, attr) => {
    expect(read.getNodeAttributes(node)).toEqual(attr);
  });
  original.forEachEdge((edge, attr, source, target) => {
    expect(read.source(edge)).toBe(source);
    expect(read.target(edge)).toBe(target);
    expect(read.getEdgeAttributes(edge)).toEqual(attr);
  });
}

describe('GEXF export', () => {
  it('reads back into an equal graph (nodes, edges, signed weights, attributes)', () => {
    const g = maskedNetworkGraph();
    const xml = writeGexf(g);
    expect(xml).toContain('<gexf');
    expect(xml).toContain('signedWeight');
    expectSameGraph(parseGexf(xml), g);
  });

  it("writes |w| as the GEXF weight by default and w with weight: 'signed'", () => {
    const g = maskedNetworkGraph();
    const negative = g.findEdge((_, a) => a.weight < 0);
    if (!negative) throw new Error('expected a negative weight');
    const w = g.getEdgeAttribute(negative, 'weight');
    expect(writeGexf(g)).not.toMatch(new RegExp(`weight="${String(w).replace(/[.-]/g, '\\$&')}"`));
    const signed = writeGexf(g, { weight: 'signed' });
    expect(signed).toContain(`weight="${w}"`);
    expectSameGraph(parseGexf(signed), g);
  });
});

describe('GraphML export', () => {
  it('reads back through graphology-graphml into an equal graph', () => {
    const g = maskedNetworkGraph();
    const xml = writeGraphml(g);
    expect(xml).toContain('edgedefault="directed"');
    expectSameGraph(parseGraphml(xml), g);
    expectSameGraph(parseGraphml(writeGraphml(g, { weight: 'signed' })), g);
  });
});
