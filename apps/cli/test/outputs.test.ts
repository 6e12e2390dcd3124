/**
 * `output.graphs` and `output.saveData`: a run writes each trial's pruned and unpruned graph as GEXF and GraphML and
 * its data sets as .npy; networkx reads every node, edge and graph attribute back with its value and type, and numpy
 * every row of the data. Needs python3 with networkx and numpy (Debian: apt-get install python3-networkx
 * python3-numpy).
 */
import * as fs from 'fs';
import * as path from 'path';
import type { NetworkWeights } from '@spectral-ts/spectral';
import { createTeacher, makeTestSet, makeTrialData } from '@spectral-ts/teacher-student';
import type { NetworkGraph } from '@spectral-ts/topology';
import { studentGraphs } from '../src/trial-outputs';
import { runCli, tempDir, tinyConfig, writeConfig } from './helpers';
import { pythonWith, runPython } from './python';

const python = pythonWith(['networkx', 'numpy']);
if (!python)
  console.warn(
    'outputs.test: skipped, no python3 with networkx and numpy (apt-get install python3-networkx python3-numpy)',
  );

// Every attribute of every node, edge and of the graph, with its Python type name.
const READ_GRAPHS = `
import json, sys
import networkx as nx
def typed(d):
    return {k: [v, type(v).__name__] for k, v in d.items() if k not in ('node_default', 'edge_default')}
out = {}
for f in json.load(sys.stdin):
    g = nx.read_gexf(f) if f.endswith('.gexf') else nx.read_graphml(f)
    out[f] = {
        'graph': typed(g.graph),
        'nodes': {n: typed(a) for n, a in g.nodes(data=True)},
        'edges': {a['id']: dict(typed(a), source=[u, 'str'], target=[v, 'str']) for u, v, a in g.edges(data=True)},
    }
print(json.dumps(out))`;

const READ_NPY = `
import json, sys
import numpy as np
arrays = {f: np.load(f) for f in json.load(sys.stdin)}
print(json.dumps({f: [str(a.dtype), list(a.shape), a.ravel().tolist()] for f, a in arrays.items()}))`;

type Typed = Record<string, [unknown, string]>;
interface ReadGraph {
  graph: Typed;
  nodes: Record<string, Typed>;
  edges: Record<string, Typed>;
}

/** The Python type networkx must give each attribute: integers int, floats float, flags bool, text str. */
function pyType(value: unknown, integer: boolean): string {
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'number') return integer ? 'int' : 'float';
  return 'str';
}

const INTEGER = new Set(['layer', 'index', 'fullLayerSize', 'nodeLayers']);

function expectedNodes(graph: NetworkGraph, format: 'gexf' | 'graphml'): Record<string, Typed> {
  const sizes = graph.getAttribute('fullSizes').split(',').map(Number);
  const out: Record<string, Typed> = {};
  graph.forEachNode((key, attr) => {
    const a: Typed = {};
    for (const [k, v] of Object.entries(attr)) {
      if (format === 'gexf' && (k === 'x' || k === 'y')) continue;
      a[k] = [v, pyType(v, INTEGER.has(k))];
    }
    if (format === 'gexf') {
      // GEXF keeps positions as viz and the full layer widths on every node (networkx reads no GEXF graph attribute)
      a.viz = [{ position: { x: attr.x, y: attr.y, z: 0 } }, 'dict'];
      a.fullLayerSize = [sizes[attr.layer], 'int'];
    }
    out[key] = a;
  });
  return out;
}

function expectedEdges(graph: NetworkGraph): Record<string, Typed> {
  const out: Record<string, Typed> = {};
  graph.forEachEdge((key, attr, source, target) => {
    out[key] = {
      id: [key, 'str'],
      source: [source, 'str'],
      target: [target, 'str'],
      weight: [attr.absWeight, 'float'],
      signedWeight: [attr.weight, 'float'],
      absWeight: [attr.absWeight, 'float'],
      distance: [attr.distance, 'float'],
      layer: [attr.layer, 'int'],
    };
  });
  return out;
}

(python ? describe : describe.skip)('output.graphs and output.saveData', () => {
  let dir: string;
  let ids: string[];
  const config = tinyConfig({
    students: { hidden: [6], variants: ['spectral', 'direct'] },
    output: { saveData: true, graphs: ['gexf', 'graphml'] },
  });
  beforeAll(async () => {
    dir = tempDir('spectral-outputs-');
    const r = await runCli([
      'run',
      '--config',
      writeConfig(dir, config),
      '--out',
      path.join(dir, 'r'),
      '--quiet',
      '--workers',
      '1',
    ]);
    if (r.code !== 0) throw new Error(`run failed: ${r.err}`);
    ids = fs.readdirSync(path.join(dir, 'r', 'weights')).map((f) => f.replace(/\.json$/, ''));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('writes the pruned and unpruned graph of every trial in both formats', () => {
    expect(ids.sort()).toEqual([
      't0-direct-n6-trial0',
      't0-direct-n6-trial1',
      't0-spectral-n6-trial0',
      't0-spectral-n6-trial1',
    ]);
    const want = ids.flatMap((id) =>
      ['full', 'pruned'].flatMap((v) => ['gexf', 'graphml'].map((f) => `${id}.${v}.${f}`)),
    );
    expect(fs.readdirSync(path.join(dir, 'r', 'graphs')).sort()).toEqual(want.sort());
  });

  it('networkx reads every attribute back with its value and type (GEXF and GraphML)', () => {
    const files = fs.readdirSync(path.join(dir, 'r', 'graphs')).map((f) => path.join(dir, 'r', 'graphs', f));
    const read = runPython(python!, READ_GRAPHS, files) as Record<string, ReadGraph>;
    for (const file of files) {
      const [id, view, format] = path.basename(file).split('.') as [string, 'full' | 'pruned', 'gexf' | 'graphml'];
      const net = JSON.parse(fs.readFileSync(path.join(dir, 'r', 'weights', `${id}.json`), 'utf8')) as NetworkWeights;
      const graph = studentGraphs(net)[view];
      const got = read[file];
      expect({ file, nodes: got.nodes }).toEqual({ file, nodes: expectedNodes(graph, format) });
      expect({ file, edges: got.edges }).toEqual({ file, edges: expectedEdges(graph) });
      const { nodeLayers, fullSizes } = graph.getAttributes();
      if (format === 'graphml') {
        expect(got.graph).toEqual({ nodeLayers: [nodeLayers, 'int'], fullSizes: [fullSizes, 'str'] });
      }
      expect(graph.order).toBeGreaterThan(10);
    }
    // the GEXF <meta> description (Gephi shows it) carries the graph attributes too
    const gexf = fs.readFileSync(
      files.find((f) => f.endsWith('.gexf'))!,
      'utf8',
    );
    expect(gexf).toMatch(/<description>nodeLayers=4; fullSizes=10,6,20,1<\/description>/);
  });

  it('numpy reads each trial training and validation set and the test set, row for row', () => {
    const teacher = createTeacher(config.teacher as never);
    const data = config.data as { train: number; test: number };
    const sets: Record<string, { x: Float32Array; y: Float32Array; rows: number; inputDim: number }> = {
      't0/test': makeTestSet(teacher, config.data as never),
    };
    for (const trial of [0, 1]) {
      const d = makeTrialData(teacher, config.data as never, trial);
      sets[`t0/trial${trial}/train`] = d.train;
      sets[`t0/trial${trial}/validation`] = d.validation;
    }
    const files = Object.keys(sets).flatMap((k) =>
      [`${k}_x.npy`, `${k}_y.npy`].map((f) => path.join(dir, 'r', 'data', f)),
    );
    const read = runPython(python!, READ_NPY, files) as Record<string, [string, number[], number[]]>;
    for (const [name, set] of Object.entries(sets)) {
      const x = read[path.join(dir, 'r', 'data', `${name}_x.npy`)];
      const y = read[path.join(dir, 'r', 'data', `${name}_y.npy`)];
      expect({ name, dtype: x[0], shape: x[1] }).toEqual({ name, dtype: 'float32', shape: [set.rows, set.inputDim] });
      expect({ name, dtype: y[0], shape: y[1] }).toEqual({ name, dtype: 'float32', shape: [set.rows] });
      expect(x[2]).toEqual(Array.from(set.x));
      expect(y[2]).toEqual(Array.from(set.y));
    }
    expect(sets['t0/test'].rows).toBe(data.test);
    expect(sets['t0/trial0/train'].rows + sets['t0/trial0/validation'].rows).toBe(data.train);
  });
});
