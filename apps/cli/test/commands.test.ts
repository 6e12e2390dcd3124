// analyze, prune and report on the output of a tiny run.
import * as fs from 'fs';
import * as path from 'path';
import { forward, meanSquaredError, type NetworkWeights } from '@spectral-ts/spectral';
import { createTeacher, makeTestSet } from '@spectral-ts/teacher-student';
import { runCli, tempDir, tinyConfig, writeConfig } from './helpers';

let dir: string;
const weights = () => path.join(dir, 'weights', 't0-spectral-n12-trial0.json');

beforeAll(async () => {
  dir = tempDir('spectral-cmds-');
  // A tolerance other than pruning's default (0.01 Var(y)), so that analyze must take it from the config to agree.
  const config = tinyConfig({ trials: 1, training: { epochs: 30 }, pruning: { tolerance: 0.05 } });
  const r = await runCli(['run', '--config', writeConfig(tempDir(), config), '--out', dir, '--quiet']);
  expect(r.code).toBe(0);
});

describe('analyze', () => {
  it('recomputes the stored pruning analysis of a trial from its weights file and the directory config', async () => {
    const r = await runCli(['analyze', weights(), '--json']);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.out);
    const record = JSON.parse(fs.readFileSync(path.join(dir, 'trials', 't0-spectral-n12-trial0.json'), 'utf8'));
    expect(report.layerSizes).toEqual([10, 12, 20, 1]);
    expect(report.scores).toEqual(record.scores);
    expect(report.averageDimension).toBe(record.averageDimensionPerTrial);
    expect(report.pruning.msePre).toBeCloseTo(record.testMse, 10);
    expect(report.pruning.effectiveSize).toBe(record.pruning.effectiveSize);
    expect(report.pruning.tolerance).toBeCloseTo(0.05 * record.teacher.labelVariance, 12);
    expect(report.pruning.tolerance).toBe(record.pruning.tolerance);
    expect(report.variant).toBe('spectral');
    // both topology views, as the run recorded them
    expect(report.topology.view).toBe('pruned');
    expect(report.topologyFull.view).toBe('full');
    expect(report.topologyFull.activeNodes[1]).toBe(12);
    expect(report.topology.pathDistance.ks).toBeCloseTo(record.topology.pathDistance.ks, 12);
    expect(report.topologyFull.pathDistance.ks).toBeCloseTo(record.topologyFull.pathDistance.ks, 12);
  });

  it('analyses a direct student as the run did: in full, ranked by the weight norm', async () => {
    const r = await runCli(['analyze', path.join(dir, 'weights', 't0-direct-n12-trial0.json'), '--json']);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.out);
    const record = JSON.parse(fs.readFileSync(path.join(dir, 'trials', 't0-direct-n12-trial0.json'), 'utf8'));
    expect(report.variant).toBe('direct');
    expect(report.pruning.ranking).toBe('weight-norm');
    expect(record.pruning.ranking).toBe('weight-norm');
    expect(report.pruning.effectiveSize).toBe(record.pruning.effectiveSize);
    expect(report.topology.view).toBe('full');
    expect(report.topologyFull).toBeUndefined();
    // --variant overrides the record's: the spectral view of the same weights
    const directWeights = path.join(dir, 'weights', 't0-direct-n12-trial0.json');
    const asSpectral = JSON.parse((await runCli(['analyze', directWeights, '--variant', 'spectral', '--json'])).out);
    expect(asSpectral.topology.view).toBe('pruned');
    expect(asSpectral.pruning.ranking).toBe('rescaled-eigenvalue');
    // the same scores under both names (the direct student's first layer is spectral with lambdaIn = 0)
    expect(asSpectral.pruning.rankCurve).toEqual(report.pruning.rankCurve);
    const bad = await runCli(['analyze', directWeights, '--variant', 'nope']);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/--variant nope is not a variant of [^(]*\(it has\s+spectral, direct\)/);
  });

  it('is bad input for a missing file', async () => {
    const r = await runCli(['analyze', path.join(dir, 'nope.json')]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/does not exist/);
  });
});

describe('prune', () => {
  it('keeps the top-ranked nodes and deletes the others without changing the function of the kept ones', async () => {
    const out = path.join(tempDir(), 'pruned.json');
    const r = await runCli(['prune', weights(), '--keep', '12', '--out', out]);
    expect(r.code).toBe(0);
    const full: NetworkWeights = JSON.parse(fs.readFileSync(weights(), 'utf8'));
    const same: NetworkWeights = JSON.parse(fs.readFileSync(out, 'utf8'));
    const x = Float64Array.from({ length: 50 }, (_, i) => Math.sin(i));
    expect(Array.from(forward(same, x, 5))).toEqual(Array.from(forward(full, x, 5)).map((v) => expect.closeTo(v, 10)));

    const r3 = await runCli(['prune', weights(), '--keep', '3', '--out', out]);
    expect(r3.code).toBe(0);
    expect(r3.out).toMatch(/kept 3 of 12 nodes \(rescaled-eigenvalue\)/);
    const pruned: NetworkWeights = JSON.parse(fs.readFileSync(out, 'utf8'));
    expect(pruned.layers[0].kind === 'spectral' && pruned.layers[0].lambdaOut.length).toBe(3);
    // The rank curve stored for the trial gives the test MSE with the same 3 nodes kept.
    const record = JSON.parse(fs.readFileSync(path.join(dir, 'trials', 't0-spectral-n12-trial0.json'), 'utf8'));
    const point = record.pruning.rankCurve.find((p: { kept: number }) => p.kept === 3);
    const config = JSON.parse(fs.readFileSync(path.join(dir, 'config.json'), 'utf8'));
    const test = makeTestSet(createTeacher(config.teachers[0]), config.data);
    expect(meanSquaredError(pruned, test.x, test.y, test.rows)).toBeCloseTo(point.testMse, 8);
  });

  it('needs exactly one of --keep and --cutoff', async () => {
    const r = await runCli(['prune', weights(), '--out', path.join(tempDir(), 'p.json')]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/give exactly one of --keep N or --cutoff C/);
  });
});

describe('report', () => {
  it('writes the HTML report of a results directory', async () => {
    const r = await runCli(['report', dir]);
    expect(r.code).toBe(0);
    expect(fs.existsSync(path.join(dir, 'report.html'))).toBe(true);
  });

  it('writes the Vega-Lite specs and LaTeX tables with --format html,vl', async () => {
    const r = await runCli(['report', dir, '--format', 'html,vl']);
    expect(r.code).toBe(0);
    const [figures, specs] = /\((\d+) figures, (\d+) Vega-Lite, 2 LaTeX tables; markdown /
      .exec(r.out)!
      .slice(1)
      .map(Number);
    // every figure but the hand-drawn network has its spec
    const files = fs.readdirSync(path.join(dir, 'figures'));
    expect(files.filter((f) => f.endsWith('.svg'))).toHaveLength(figures);
    expect(specs).toBe(figures - files.filter((f) => /^network.*\.svg$/.test(f)).length);
    expect(files.filter((f) => f.endsWith('.vl.json'))).toHaveLength(specs);
    const spec = JSON.parse(fs.readFileSync(path.join(dir, 'figures', 'headline.vl.json'), 'utf8'));
    expect(spec.data.values.length).toBeGreaterThan(0);
    expect(fs.readFileSync(path.join(dir, 'tables', 'headline.tex'), 'utf8')).toContain('\\toprule');
  });

  it('is bad input for an unknown format', async () => {
    const r = await runCli(['report', dir, '--format', 'html,gif']);
    expect(r.code).toBe(2);
    expect(r.err.replace(/\n/g, ' ')).toContain(
      '--format is invalid: report/writeReport: unknown format "gif" in formats (use any of html, png, pdf, vl)',
    );
  });

  it('is bad input for a directory that is not a results directory', async () => {
    const r = await runCli(['report', tempDir()]);
    expect(r.code).toBe(2);
    expect(r.err.replace(/\n/g, ' ')).toMatch(/config\.json is missing/);
  });
});
