// The example plugin: it registers a teacher and a ranking, a config names both, and a sweep over two of its
// teachers runs (in this thread and in worker threads, which load the plugin themselves).
import * as fs from 'fs';
import * as path from 'path';
import { createTeacher, createRng, listTeachers } from '@spectral-ts/teacher-student';
import { forward } from '@spectral-ts/spectral';
import { getRanking } from '@spectral-ts/pruning';
import { loadPlugin } from '../src';
import { ensureBuilt, PLUGIN_EXAMPLE, runCli, spawnCli, tempDir, tinyConfig, waitExit, writeConfig } from './helpers';

describe('plugin-example.js', () => {
  beforeAll(async () => {
    await loadPlugin(PLUGIN_EXAMPLE, process.cwd(), 'the test');
  });

  it('registers the wide-relu teacher: a one-hidden-layer ReLU network whose labels are its forward pass', () => {
    expect(listTeachers().map((t) => t.kind)).toContain('wide-relu');
    const teacher = createTeacher({ kind: 'wide-relu', size: 7, seed: 3 });
    expect(teacher.size).toBe(7);
    expect(teacher.hidden).toEqual([7]);
    const data = teacher.sample(50, createRng(1));
    const y = forward(teacher.network!, data.x, 50);
    for (let r = 0; r < 50; r++) expect(data.y[r]).toBeCloseTo(y[r], 5);
    // A ReLU sum with all-ones output is never negative.
    expect(Math.min(...data.y)).toBeGreaterThanOrEqual(0);
    expect(() => createTeacher({ kind: 'wide-relu', width: 3 })).toThrow(/unknown field 'width'/);
  });

  it('registers the eigenvector-norm ranking: ||phi_:,i|| sqrt(N1), independent of lambda', () => {
    const ranking = getRanking('eigenvector-norm');
    const net = {
      inputDim: 2,
      layers: [
        {
          kind: 'spectral' as const,
          phi: [
            [3, 0],
            [4, 1],
          ],
          lambdaIn: [0, 0],
          lambdaOut: [100, 0.001],
          activation: 'relu' as const,
        },
        { kind: 'dense' as const, kernel: [[1], [1]], activation: 'linear' as const },
      ],
    };
    const scores = ranking.score(net, 0, {});
    expect(scores[0]).toBeCloseTo(5 * Math.SQRT2, 12);
    expect(scores[1]).toBeCloseTo(1 * Math.SQRT2, 12);
  });

  it('runs a sweep over two plugin teachers named in a config, on worker threads too', async () => {
    ensureBuilt();
    const cfgDir = tempDir('spectral-plugin-cfg-');
    fs.copyFileSync(PLUGIN_EXAMPLE, path.join(cfgDir, 'my-plugin.js'));
    const config = tinyConfig({
      teacher: undefined,
      teachers: [
        { kind: 'wide-relu', size: 4 },
        { kind: 'wide-relu', size: 8 },
      ],
      students: { hidden: [10], variants: ['spectral'] },
      pruning: { ranking: 'eigenvector-norm' },
      trials: 2,
      plugins: ['./my-plugin.js'],
    });
    delete config.teacher;
    const file = writeConfig(cfgDir, config);
    for (const workers of ['1', '2']) {
      const out = tempDir('spectral-plugin-out-');
      const r = await runCli(['run', '--config', file, '--out', out, '--quiet', '--workers', workers]);
      expect(r.err).toBe('');
      expect(r.code).toBe(0);
      const s = JSON.parse(fs.readFileSync(path.join(out, 'summary.json'), 'utf8'));
      expect(
        s.groups.map((g: { teacher: { kind: string; size: number } }) => `${g.teacher.kind}:${g.teacher.size}`),
      ).toEqual(['wide-relu:4', 'wide-relu:8']);
      const record = JSON.parse(fs.readFileSync(path.join(out, 'trials', 't1-spectral-n10-trial0.json'), 'utf8'));
      expect(record.pruning.ranking).toBe('eigenvector-norm');
      const stored = JSON.parse(fs.readFileSync(path.join(out, 'config.json'), 'utf8'));
      expect(stored.teachers[1]).toEqual({ kind: 'wide-relu', inputDim: 10, size: 8, seed: 0 });
      expect(stored.plugins).toEqual([path.join(cfgDir, 'my-plugin.js')]);
      if (workers !== '1') continue;
      // analyze in a fresh process, where only the directory's config names the plugin (teacher and ranking)
      const child = spawnCli(['analyze', path.join(out, 'weights', 't1-spectral-n10-trial0.json'), '--json']);
      let printed = '';
      child.stdout?.on('data', (d) => (printed += String(d)));
      const done = await waitExit(child);
      expect(done.err).toBe('');
      expect(done.code).toBe(0);
      const analysed = JSON.parse(printed);
      expect(analysed.pruning.ranking).toBe('eigenvector-norm');
      expect(analysed.pruning.effectiveSize).toBe(record.pruning.effectiveSize);
      expect(analysed.topology.pathDistance.ks).toBeCloseTo(record.topology.pathDistance.ks, 12);
    }
  });

  it('reports a plugin that throws while registering as bad input', async () => {
    const dir = tempDir('spectral-plugin-bad-');
    fs.writeFileSync(path.join(dir, 'bad.js'), "exports.register = () => { throw new Error('no thanks'); };\n");
    const r = await runCli([
      'run',
      '--preset',
      'quick',
      '--out',
      path.join(dir, 'o'),
      '--plugin',
      path.join(dir, 'bad.js'),
    ]);
    expect(r.code).toBe(2);
    expect(r.err.replace(/\n/g, ' ')).toMatch(/bad\.js \(from --plugin\) failed in register\(\): no thanks/);
  });

  it('loads a TypeScript plugin', async () => {
    const dir = tempDir('spectral-plugin-ts-');
    const file = path.join(dir, 'ts-plugin.ts');
    fs.writeFileSync(
      file,
      "import type { PluginRegistries } from '@spectral-ts/cli';\n" +
        'export function register(r: PluginRegistries): void {\n  const score = (net: any, layer: number): number[] => net.layers[layer].lambdaOut.map((l: number) => Math.abs(l) * 2);\n' +
        "  r.registerRanking({ name: 'double-abs-lambda', description: 'test', score }, { replace: true });\n}\n",
    );
    await loadPlugin(file, dir, 'the test');
    expect(
      getRanking('double-abs-lambda').score(
        { inputDim: 1, layers: [{ kind: 'spectral', phi: [[1]], lambdaIn: [0], lambdaOut: [-3], activation: 'relu' }] },
        0,
        {},
      ),
    ).toEqual([6]);
  });
});
