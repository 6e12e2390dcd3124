// spectral compare's page: the committed fixture against an unchanged copy and against a copy whose trials' numbers
// are shifted by known amounts, so each difference and its interval are known exactly.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { OkTrialRecord, PhaseTransitionSummary } from '@spectral-ts/results';
import { compareRuns, writeComparison, type Comparison, type MetricRow } from '../src';
import { copyFixture, FIXTURE, readSummary, writeJson } from './fixture-dir';

const SHIFT = { testMse: 0.05, effectiveSize: 3, deltaMseAtTeacher: 0.2, pathWasserstein1: 0.01 } as const;

/** The fixture with every ok trial's test MSE, n*, ΔMSE at n = h_T and path W1 raised by SHIFT. */
function shiftedCopy(): string {
  const dir = copyFixture();
  for (const f of fs.readdirSync(path.join(dir, 'trials'))) {
    const file = path.join(dir, 'trials', f);
    const t = JSON.parse(fs.readFileSync(file, 'utf8')) as OkTrialRecord;
    if (t.status !== 'ok') continue;
    t.testMse += SHIFT.testMse;
    if (t.pruning) {
      t.pruning.effectiveSize += SHIFT.effectiveSize;
      const at = t.pruning.rankCurve.find((p) => p.kept === t.teacher.size);
      if (at) at.deltaMse += SHIFT.deltaMseAtTeacher;
    }
    if (t.topology) t.topology.pathDistance.wasserstein1 += SHIFT.pathWasserstein1;
    writeJson(file, t);
  }
  return dir;
}

const row = (c: Comparison, group: number, metric: string): MetricRow =>
  c.groups[group].metrics.find((m) => m.metric === metric)!;

let same: Comparison;
let shifted: Comparison;
let shiftedDir: string;
beforeAll(() => {
  shiftedDir = shiftedCopy();
  // the same directory twice is an unchanged copy; its default labels still differ
  same = compareRuns([FIXTURE, FIXTURE]);
  shifted = compareRuns([FIXTURE, shiftedDir], { labels: ['a', 'shifted'] });
});

describe('compareRuns', () => {
  it('matches all 12 groups by (h_T, variant, N1) and quotes each run\u2019s summary numbers', () => {
    expect(same.groups).toHaveLength(12);
    expect(same.unmatched).toEqual([]);
    expect(same.runs.map((r) => r.label)).toEqual([FIXTURE, `${FIXTURE} #2`]);
    const summary = readSummary(FIXTURE);
    for (const g of summary.groups) {
      const c = same.groups.find(
        (x) => x.teacherSize === g.teacher.size && x.variant === g.variant && x.hidden === g.hidden,
      )!;
      const get = (id: string) => c.metrics.find((m) => m.metric === id)!.runs[0]!;
      expect(get('testMse').value).toBeCloseTo(g.testMse.mean, 5);
      expect(get('testMse').n).toBe(g.testMse.n);
      expect(get('averageDimension').value).toBeCloseTo(g.averageDimension.mean, 10);
      // n*: the same seeded bootstrap of the same trials as the summary's own interval
      // (the fixture's summary keeps 6 significant digits)
      expect(get('effectiveSize').value).toBeCloseTo(g.effectiveSize!.mean, 3);
      expect(get('effectiveSize').ci![0]).toBeCloseTo(g.effectiveSize!.ci[0], 3);
      expect(get('effectiveSize').ci![1]).toBeCloseTo(g.effectiveSize!.ci[1], 3);
      expect(get('pathWasserstein1').value).toBeCloseTo(g.topology!.pathDistance.wasserstein1.mean, 5);
    }
    // the exponent, per teacher and variant, as the summary's phase-transition analysis has it
    const exponents = (summary.phaseTransition as PhaseTransitionSummary).extra!.exponents as {
      variant: string;
      teacherSize: number;
      beta: number;
    }[];
    expect(same.exponents).toHaveLength(exponents.length);
    for (const e of exponents) {
      const c = same.exponents.find((x) => x.teacherSize === e.teacherSize && x.variant === e.variant)!;
      expect(c.runs[0]!.value).toBeCloseTo(e.beta, 4);
    }
  });

  it('an unchanged copy differs by 0 with an interval around 0 for every number', () => {
    for (const g of same.groups) {
      // ΔMSE at n = h_T does not exist for N1 < h_T
      for (const m of g.metrics.filter((x) => x.runs[0])) {
        const d = m.differences[0]!;
        expect(d.value).toBe(0);
        expect(d.ci![0]).toBeLessThanOrEqual(0);
        expect(d.ci![1]).toBeGreaterThanOrEqual(0);
        expect(d.excludesZero).toBe(false);
      }
    }
    for (const e of same.exponents) expect(e.differences[0]!.excludesZero).toBe(false);
  });

  it('a shifted copy differs by the shift, and its interval is the unchanged one moved by the shift', () => {
    for (const [metric, c] of Object.entries(SHIFT)) {
      for (let g = 0; g < shifted.groups.length; g++) {
        const moved = row(shifted, g, metric);
        const base = row(same, g, metric);
        if (!base.runs[0]) continue;
        // the second run's own value and interval move by the shift
        expect(moved.runs[1]!.value).toBeCloseTo(base.runs[1]!.value + c, 10);
        expect(moved.runs[1]!.ci![0]).toBeCloseTo(base.runs[1]!.ci![0] + c, 10);
        // the difference: c exactly, its interval the unchanged copy's plus c (same seed, same resamples)
        const d = moved.differences[0]!;
        expect(d.value).toBeCloseTo(c, 10);
        expect(d.ci![0]).toBeCloseTo(base.differences[0]!.ci![0] + c, 10);
        expect(d.ci![1]).toBeCloseTo(base.differences[0]!.ci![1] + c, 10);
        expect(d.excludesZero).toBe(d.ci![0] > 0);
      }
    }
    // test MSE: the trials spread far less than 0.05, so every group's difference excludes 0
    expect(
      shifted.groups.every((g) => row(shifted, shifted.groups.indexOf(g), 'testMse').differences[0]!.excludesZero),
    ).toBe(true);
    // the average dimension is untouched: difference 0
    for (let g = 0; g < shifted.groups.length; g++)
      expect(row(shifted, g, 'averageDimension').differences[0]!.value).toBe(0);
  });

  it('the difference interval is wider than either run\u2019s own (two independent resamples)', () => {
    const r = row(same, 0, 'testMse');
    const width = (ci: [number, number]) => ci[1] - ci[0];
    expect(width(r.differences[0]!.ci!)).toBeGreaterThan(width(r.runs[0]!.ci!));
  });

  it('refuses fewer than two directories, a directory that is not a results directory, and no common group', () => {
    expect(() => compareRuns([FIXTURE])).toThrow(
      /report\/compareRuns: 1 results directory given \(compare needs at least two\)/,
    );
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'spectral-compare-empty-'));
    expect(() => compareRuns([FIXTURE, empty])).toThrow(
      new RegExp(`report/loadResults: ${empty}/summary.json not found`),
    );
    expect(() => compareRuns([FIXTURE, FIXTURE], { labels: ['x'] })).toThrow(/1 labels for 2 directories/);
    const other = copyFixture();
    const summary = readSummary(other);
    summary.groups = summary.groups.map((g) => ({ ...g, hidden: g.hidden + 1 }));
    writeJson(path.join(other, 'summary.json'), summary);
    expect(() => compareRuns([FIXTURE, other])).toThrow(/no \(h_T, variant, N1\) group is in every directory/);
  });
});

describe('writeComparison', () => {
  it('writes compare.html (self-contained, escaped), compare.md and compare.json', async () => {
    const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'spectral-compare-')), 'comparison');
    const w = await writeComparison([FIXTURE, shiftedDir], out, { labels: ['baseline', 'shifted <b>x</b>'] });
    expect(fs.readdirSync(out).sort()).toEqual(['compare.html', 'compare.json', 'compare.md']);
    const html = fs.readFileSync(w.html, 'utf8');
    const md = fs.readFileSync(w.markdown, 'utf8');
    expect(html).toContain(`content="default-src 'none'; style-src 'unsafe-inline'; img-src data:"`);
    expect(html).not.toMatch(/<script|<img|<b>|(src|href)="http/);
    expect(html).toContain('shifted &lt;b&gt;x&lt;/b&gt;');
    // its tables are the page: unfolded
    expect(html.match(/<details open><summary>/g)!.length).toBeGreaterThanOrEqual(8);
    expect(md).toContain('shifted &lt;b&gt;x&lt;/b&gt;');
    for (const title of [
      'Differences whose interval excludes 0',
      'test MSE',
      'average dimension',
      'n*',
      'ΔMSE at n = h_T',
      'path W1',
      'Phase-transition exponent β',
      'Runs',
    ]) {
      expect(html).toContain(title);
      expect(md).toContain(title);
    }
    // the test-MSE difference of the first group, as printed
    const d = row(w.comparison, 0, 'testMse').differences[0]!;
    expect(md).toContain(
      `| 0.05 | \\[${Number(d.ci![0].toPrecision(4))}, ${Number(d.ci![1].toPrecision(4))}\\] | yes |`,
    );
    const json = JSON.parse(fs.readFileSync(w.json, 'utf8')) as Comparison;
    expect(json.runs.map((r) => r.label)).toEqual(['baseline', 'shifted <b>x</b>']);
    expect(json.groups[0].metrics[0].differences[0]!.value).toBeCloseTo(SHIFT.testMse, 10);
    expect(json.bootstrap).toEqual({ resamples: 2000, level: 0.95, seed: 0 });
  });
});
