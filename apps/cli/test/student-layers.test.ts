// Students from the config: students.layers trains deeper and all-spectral students (built by teacher-student's
// buildStudent) for real on tiny configs, their records holding every hidden layer's width; pruning.layer moves the
// pruning analysis and n* to another hidden layer; bad layers and out-of-range pruning.layer are exit 2 naming the field.
import * as fs from 'fs';
import * as path from 'path';
import { parseGraphml } from '@spectral-ts/topology';
import { parseConfig, resolveConfig } from '../src';
import { CLI_ROOT, runCli, tempDir, tinyConfig, writeConfig } from './helpers';

const EXAMPLE = path.join(CLI_ROOT, 'examples', 'deep-student.yaml');
const readJson = (file: string) => JSON.parse(fs.readFileSync(file, 'utf8'));
const trial = (dir: string, id: string) => readJson(path.join(dir, 'trials', `${id}.json`));

async function run(config: unknown): Promise<string> {
  const work = tempDir('spectral-layers-');
  const out = path.join(work, 'out');
  const r = await runCli(['run', '--config', writeConfig(work, config), '--out', out, '--workers', '1', '--quiet']);
  expect(r.err).toBe('');
  expect(r.code).toBe(0);
  return out;
}

describe('students.layers', () => {
  it('trains a 3-hidden-layer student, students.hidden overriding the first width, the widths in its records', async () => {
    const layers = [{ spectral: 16 }, { spectral: 12 }, { dense: 8 }];
    const out = await run(
      tinyConfig({ students: { layers, hidden: [6], variants: ['spectral', 'direct'] }, trials: 1 }),
    );
    for (const variant of ['spectral', 'direct']) {
      const record = trial(out, `t0-${variant}-n6-trial0`);
      expect(record.status).toBe('ok');
      expect(record.hidden).toBe(6);
      expect(record.layers).toEqual([
        { kind: 'spectral', units: 6 },
        { kind: 'spectral', units: 12 },
        { kind: 'dense', units: 8 },
      ]);
      expect(Number.isFinite(record.testMse)).toBe(true);
      // The fused kernels cover ReLU/linear chains of spectral and dense layers: 'auto' does not fall back.
      expect(['native', 'wasm-simd']).toContain(record.engine);
      expect(record.history.length).toBe(4);
      // The saved student is 10 -> 6 -> 12 -> 8 -> 1, the paper's frozen all-ones linear output last.
      const net = readJson(path.join(out, record.weightsFile));
      expect(net.layers.map((l: { kind: string }) => l.kind)).toEqual(['spectral', 'spectral', 'dense', 'dense']);
      expect(net.layers[3]).toMatchObject({ activation: 'linear', trainable: false, kernel: Array(8).fill([1]) });
      // Default pruning.layer: the first hidden layer's 6 nodes, kept = 0..6.
      expect(record.pruning.layerIndex).toBe(0);
      expect(record.scores).toHaveLength(6);
      expect(
        record.pruning.rankCurve.map((p: { kept: number }) => p.kept).sort((a: number, b: number) => a - b),
      ).toEqual([0, 1, 2, 3, 4, 5, 6]);
    }
    // Without students.hidden, N1 is the first layer's width.
    const resolved = resolveConfig(parseConfig(tinyConfig({ students: { layers } }), 'test'), 'cpu', 'test', []);
    expect(resolved.students.hidden).toEqual([16]);
  });

  it("trains the example's all-spectral student and prunes its second hidden layer (pruning.layer: 1)", async () => {
    const work = tempDir('spectral-layers-');
    const out = path.join(work, 'out');
    const r = await runCli(['run', '--config', EXAMPLE, '--out', out, '--workers', '1', '--quiet']);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    for (const n1 of [16, 24]) {
      const record = trial(out, `t0-spectral-n${n1}-trial0`);
      expect(record.layers).toEqual([
        { kind: 'spectral', units: n1 },
        { kind: 'spectral', units: 24 },
        { kind: 'spectral', units: 8 },
      ]);
      const net = readJson(path.join(out, record.weightsFile));
      expect(net.layers.slice(0, 3).map((l: { kind: string }) => l.kind)).toEqual(['spectral', 'spectral', 'spectral']);
      // The curve runs over the second hidden layer's 24 nodes, whatever N1 is; its eigenvalues are that layer's.
      expect(record.pruning).toMatchObject({ layerIndex: 1, ranking: 'rescaled-eigenvalue' });
      expect(record.scores).toHaveLength(24);
      expect(record.eigenvalues).toEqual(net.layers[1].lambdaOut);
      const kept = record.pruning.rankCurve.map((p: { kept: number }) => p.kept);
      expect(Math.max(...kept)).toBe(24);
      expect(record.pruning.effectiveSize).toBeGreaterThanOrEqual(0);
      expect(record.pruning.effectiveSize).toBeLessThanOrEqual(24);
    }
    // `spectral analyze` of a saved student, inside the directory, analyses the same layer as the run did.
    const record = trial(out, 't0-spectral-n24-trial1');
    const analyzed = await runCli(['analyze', path.join(out, record.weightsFile), '--json']);
    expect(analyzed.code).toBe(0);
    const report = JSON.parse(analyzed.out);
    expect(report.scores).toEqual(record.scores);
    expect(report.pruning).toEqual(record.pruning);
    const summary = readJson(path.join(out, 'summary.json'));
    expect(summary.groups).toHaveLength(2);
    for (const g of summary.groups) expect(g.effectiveSize.n).toBe(2);
  });

  it('prunes a dense hidden layer by weight norm, even for the spectral variant', async () => {
    const layers = [{ spectral: 10 }, { dense: 7 }];
    const out = await run(
      tinyConfig({ students: { layers, variants: ['spectral'] }, pruning: { layer: 1 }, trials: 1 }),
    );
    const record = trial(out, 't0-spectral-n10-trial0');
    expect(record.pruning).toMatchObject({ layerIndex: 1, ranking: 'weight-norm' });
    expect(record.scores).toHaveLength(7);
    expect(record.eigenvalues).toEqual(Array(7).fill(1));
  });
});

describe('topology across every layer', () => {
  it('prunes the analysed second layer in the topology, graphs and report, and compares each layer with the teacher', async () => {
    // A strong eigenvalue penalty switches second-layer nodes off within 150 epochs (measured: 16 and 13 of 24 kept).
    const out = await run(
      tinyConfig({
        data: { train: 600, test: 300, validationSplit: 0.2, seed: 1 },
        students: { layers: [{ spectral: 16 }, { spectral: 24 }, { spectral: 8 }], variants: ['spectral'] },
        pruning: { layer: 1 },
        training: { epochs: 150, variants: { spectral: { learningRate: 0.02, l2: { lambdaOut: 0.01 } } } },
        output: { graphs: ['graphml'] },
      }),
    );
    const kept: number[] = [];
    for (const t of [0, 1]) {
      const record = trial(out, `t0-spectral-n16-trial${t}`);
      const { topology, topologyFull } = record;
      // record.scores are the second hidden layer's: the pruned view keeps those above 0.05 of their maximum there
      const above = record.scores.filter((s: number) => s / Math.max(...record.scores) > 0.05).length;
      expect(topology.activeNodes).toEqual([10, 16, above, 8, 1]);
      expect(topologyFull.activeNodes).toEqual([10, 16, 24, 8, 1]);
      // every input-to-output path through all three hidden layers, exactly
      expect(topology.paths.count).toBe(10 * 16 * above * 8);
      expect(topologyFull.paths.count).toBe(10 * 16 * 24 * 8);
      const layers = topology.hiddenLayers.map((h: Record<string, unknown>) => [h.layer, h.width, h.pruned]);
      expect(layers).toEqual([
        [1, 16, false],
        [2, 24, true],
        [3, 8, false],
      ]);
      expect(topology.hiddenLayers[1].aboveCutoff).toBe(above);
      // the teacher (10-20-20-1) has two hidden layers: the third has nothing to be compared with
      expect(topology.hiddenLayers.map((h: { teacherWidth?: number }) => h.teacherWidth)).toEqual([20, 20, undefined]);
      expect(topology.hiddenLayers[1].strengthDistance.ks).toBeGreaterThan(0);
      expect(topology.hiddenLayers[2].strengthDistance).toBeUndefined();
      expect(topology.strengthDistance).toEqual(topology.hiddenLayers[0].strengthDistance);
      // the pruned graph file holds the same view
      const graph = parseGraphml(fs.readFileSync(path.join(out, 'graphs', `${record.id}.pruned.graphml`), 'utf8'));
      expect(graph.filterNodes((_, a) => a.layer === 2)).toHaveLength(above);
      kept.push(above);
    }
    expect(Math.min(...kept)).toBeLessThan(24);
    const group = readJson(path.join(out, 'summary.json')).groups[0];
    expect(group.topology.hiddenLayers[1]).toMatchObject({
      layer: 2,
      pruned: true,
      active: { mean: (kept[0] + kept[1]) / 2 },
    });
    expect(group.topologyFull.hiddenLayers[1].active).toMatchObject({ mean: 24, std: 0 });
    const report = await runCli(['report', out]);
    expect(report.code).toBe(0);
    const html = fs.readFileSync(path.join(out, 'report.html'), 'utf8');
    expect(html).toContain('Every hidden layer, mean ± std over trials');
    expect(html).toContain('h2 (spectral, 24)');
    // the drawing prunes the same layer (trial 0 of the only N1 is the one drawn)
    expect(html).toContain(`Student t0-spectral-n16-trial0: ${kept[0]} surviving nodes in hidden layer 2`);
  });
});

describe('bad students.layers and pruning.layer', () => {
  const cases: [string, unknown, RegExp][] = [
    [
      'an unknown layer kind',
      { students: { layers: [{ spectral: 16 }, { conv: 8 }] } },
      /students\.layers\[1\]: has the unknown layer kind 'conv' \(use spectral or dense, e\.g\. \{ spectral: 16 \}\)/,
    ],
    [
      'a zero width',
      { students: { layers: [{ dense: 0 }] } },
      /students\.layers\[0\]\.dense: must be a positive integer width, got 0/,
    ],
    [
      'a fractional width',
      { students: { layers: [{ spectral: 2.5 }] } },
      /students\.layers\[0\]\.spectral: must be a positive integer width, got 2\.5/,
    ],
    [
      'two kinds in one layer',
      { students: { layers: [{ spectral: 4, dense: 4 }] } },
      /students\.layers\[0\]: must have exactly one key, the layer kind \(spectral or dense\)/,
    ],
    [
      'pruning.layer past the last hidden layer',
      { students: { layers: [{ spectral: 16 }, { dense: 8 }] }, pruning: { layer: 2 } },
      /pruning\.layer 2 is out of range: the students have 2 hidden layers \(set pruning\.layer to 0\.\.1/,
    ],
    [
      "pruning.layer past the paper student's two hidden layers",
      { pruning: { layer: 5 } },
      /pruning\.layer 5 is out of range: the students have 2 hidden layers/,
    ],
  ];
  it.each(cases)('%s is exit 2 naming the field, nothing written', async (_name, over, expected) => {
    const work = tempDir('spectral-layers-bad-');
    const out = path.join(work, 'out');
    const config = tinyConfig(over as Record<string, unknown>);
    const r = await runCli(['run', '--config', writeConfig(work, config), '--out', out, '--quiet']);
    expect(r.code).toBe(2);
    expect(r.err.replace(/\s+/g, ' ')).toMatch(expected);
    expect(r.err).not.toMatch(/\n\s+at /);
    expect(fs.existsSync(out)).toBe(false);
  });
});
