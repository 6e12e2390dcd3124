// Sweeping students.layers: each point trains its own student shape, N1 taken from the point's first layer unless the
// config sets or sweeps students.hidden, the layers in every record, the summary and the CSV; a resume plans the same
// units; an ill-typed layer list and a point too wide for the machine are exit 2 naming the point, before any work.
import * as fs from 'fs';
import * as path from 'path';
import { runCli, tempDir, tinyConfig, writeConfig } from './helpers';

const POINTS = [[{ spectral: 8 }], [{ spectral: 8 }, { dense: 6 }]];
const readJson = (file: string) => JSON.parse(fs.readFileSync(file, 'utf8'));
const trialIds = (dir: string) =>
  fs
    .readdirSync(path.join(dir, 'trials'))
    .filter((n) => n.endsWith('.json'))
    .sort();

function sweepConfig(over: Record<string, unknown> = {}, sweep: Record<string, unknown> = {}) {
  return tinyConfig({
    students: { variants: ['spectral'] },
    trials: 1,
    sweep: { 'students.layers': POINTS, ...sweep },
    ...over,
  });
}

async function run(config: unknown, out: string, extra: string[] = []) {
  return runCli(['run', '--config', writeConfig(tempDir('spectral-sweep-layers-'), config), '--out', out, ...extra]);
}

describe('sweep over students.layers', () => {
  const dir = path.join(tempDir('spectral-sweep-layers-'), 'out');

  beforeAll(async () => {
    const r = await run(sweepConfig(), dir, ['--workers', '1', '--quiet']);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
  });

  it("trains each point's student with N1 from its first layer, the layers in the records and the summary", () => {
    expect(trialIds(dir)).toEqual(['t0-spectral-n8-trial0-p0.json', 't0-spectral-n8-trial0-p1.json']);
    const expected = [
      [{ kind: 'spectral', units: 8 }],
      [
        { kind: 'spectral', units: 8 },
        { kind: 'dense', units: 6 },
      ],
    ];
    POINTS.forEach((layers, p) => {
      const record = readJson(path.join(dir, 'trials', `t0-spectral-n8-trial0-p${p}.json`));
      expect(record).toMatchObject({ status: 'ok', point: `p${p}`, hidden: 8, sweep: { 'students.layers': layers } });
      expect(record.layers).toEqual(expected[p]);
      // the saved student: 10 -> 8 [-> 6] -> 1, the paper's frozen output last
      const net = readJson(path.join(dir, record.weightsFile));
      expect(net.layers.map((l: { kind: string }) => l.kind)).toEqual([...expected[p].map((l) => l.kind), 'dense']);
      expect(record.topology.hiddenLayers.map((h: { width: number }) => h.width)).toEqual(
        expected[p].map((l) => l.units),
      );
    });
    const summary = readJson(path.join(dir, 'summary.json'));
    expect(summary.sweep.points.map((p: { values: unknown }) => p.values)).toEqual(
      POINTS.map((layers) => ({ 'students.layers': layers })),
    );
    expect(summary.groups.map((g: { point: string; hidden: number }) => [g.point, g.hidden])).toEqual([
      ['p0', 8],
      ['p1', 8],
    ]);
    const csv = fs.readFileSync(path.join(dir, 'groups.csv'), 'utf8').trim().split('\n');
    expect(csv[0].split(',').slice(0, 2)).toEqual(['point', 'students.layers']);
    expect(csv[2].startsWith('p1,"[{""spectral"":8},{""dense"":6}]",')).toBe(true);
  });

  it('resumes from the directory alone without training anything new', async () => {
    const before = trialIds(dir).map((n) => fs.statSync(path.join(dir, 'trials', n)).mtimeMs);
    expect((await runCli(['run', '--out', dir, '--resume', '--quiet'])).code).toBe(0);
    expect(trialIds(dir).map((n) => fs.statSync(path.join(dir, 'trials', n)).mtimeMs)).toEqual(before);
    expect(readJson(path.join(dir, 'summary.json')).sessions.map((s: { unitsRun: number }) => s.unitsRun)).toEqual([
      2, 0,
    ]);
  });

  it('keeps a students.hidden the config sets as every point first width, and crosses a swept one', async () => {
    const set = path.join(tempDir('spectral-sweep-layers-'), 'out');
    const config = sweepConfig({ students: { hidden: [5], variants: ['spectral'] }, training: { epochs: 1 } });
    expect((await run(config, set, ['--workers', '1', '--quiet'])).code).toBe(0);
    expect(trialIds(set)).toEqual(['t0-spectral-n5-trial0-p0.json', 't0-spectral-n5-trial0-p1.json']);
    const crossed = path.join(tempDir('spectral-sweep-layers-'), 'out');
    const sweep = sweepConfig({ training: { epochs: 1 } }, { 'students.hidden': [[4], [7]] });
    expect((await run(sweep, crossed, ['--workers', '1', '--quiet'])).code).toBe(0);
    expect(trialIds(crossed)).toEqual([
      't0-spectral-n4-trial0-p0.json',
      't0-spectral-n4-trial0-p2.json',
      't0-spectral-n7-trial0-p1.json',
      't0-spectral-n7-trial0-p3.json',
    ]);
  });

  // every row has the config overrides last (jest-each would take a fourth parameter missing from a row for `done`)
  const refused: [string, unknown[], RegExp, Record<string, unknown>][] = [
    [
      'an unknown layer kind',
      [[{ spectral: 8 }], [{ conv: 8 }]],
      /sweep point p1 \(students\.layers = \[\{"conv":8\}\]\): students\.layers\[0\]: has the unknown layer kind 'conv'.*fix or remove \[\{"conv":8\}\] in sweep\['students\.layers'\]/,
      {},
    ],
    [
      'a width, not a list of layers',
      [8],
      /sweep point p0 \(students\.layers = 8\): students\.layers must be a list, got 8 .*sweep\['students\.layers'\]/,
      {},
    ],
    [
      'a fractional width',
      [[{ dense: 2.5 }]],
      /sweep point p0 .*students\.layers\[0\]\.dense: must be a positive integer width, got 2\.5/,
      {},
    ],
    [
      "pruning.layer past a point's last hidden layer",
      POINTS,
      /sweep point p0 \(students\.layers = \[\{"spectral":8\}\]\): pruning\.layer 1 is out of range: the students have 1 hidden layers/,
      { pruning: { layer: 1 } },
    ],
    [
      'a point too wide for any machine',
      [[{ spectral: 8 }], [{ spectral: 8 }, { dense: 300000 }, { dense: 300000 }]],
      /at sweep point p1 .*students\.layers: the run needs about [\d.e+]+ GB of memory, more than this machine's/,
      {},
    ],
  ];
  it.each(refused)('refuses %s with exit 2 naming the point, writing nothing', async (_name, values, message, over) => {
    const out = path.join(tempDir('spectral-sweep-layers-bad-'), 'out');
    const started = Date.now();
    const r = await run(sweepConfig(over, { 'students.layers': values }), out, ['--quiet']);
    expect(r.code).toBe(2);
    expect(r.err.replace(/\s+/g, ' ')).toMatch(message);
    expect(r.err).not.toMatch(/\n\s+at /);
    expect(fs.existsSync(out)).toBe(false);
    // refused from the config alone: the 300000-wide point's student is never built
    expect(Date.now() - started).toBeLessThan(5000);
  });
});
