// spectral compare's exit codes: 0 with the three files written, 2 naming the directory and the fix on bad input.
import * as fs from 'fs';
import * as path from 'path';
import { runCli, tempDir } from './helpers';

const FIXTURE = path.join(__dirname, '..', '..', 'report', 'test', 'fixtures', 'results-small');

function copy(): string {
  const dir = path.join(tempDir('spectral-compare-'), 'run');
  fs.cpSync(FIXTURE, dir, { recursive: true });
  return dir;
}

describe('spectral compare', () => {
  it('writes compare.html, compare.md and compare.json into --out (exit 0)', async () => {
    const out = path.join(tempDir(), 'cmp');
    const r = await runCli(['compare', FIXTURE, copy(), '--out', out, '--label', 'a', '--label', 'b']);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toContain(
      `comparison written: ${path.join(out, 'compare.html')} (2 runs, 12 groups in common, 0 differences`,
    );
    expect(fs.readdirSync(out).sort()).toEqual(['compare.html', 'compare.json', 'compare.md']);
    const json = JSON.parse(fs.readFileSync(path.join(out, 'compare.json'), 'utf8'));
    expect(json.runs.map((x: { label: string }) => x.label)).toEqual(['a', 'b']);
  });

  it('exits 2 on bad input, naming the directory or flag and the fix, and writes nothing', async () => {
    const out = path.join(tempDir(), 'cmp');
    const one = await runCli(['compare', FIXTURE, '--out', out]);
    expect(one.code).toBe(2);
    expect(one.err).toContain('1 results directory given; compare needs at least two');

    const notResults = tempDir('spectral-not-results-');
    const bad = await runCli(['compare', FIXTURE, notResults, '--out', out]);
    expect(bad.code).toBe(2);
    expect(bad.err.replace(/\s+/g, ' ')).toContain(
      `cli/compare: ${notResults} is invalid: results/readResults: ${notResults}/config.json is missing`,
    );

    const labels = await runCli(['compare', FIXTURE, copy(), '--label', 'only-one', '--out', out]);
    expect(labels.code).toBe(2);
    expect(labels.err).toContain('1 --label for 2 directories');

    const other = copy();
    const summaryFile = path.join(other, 'summary.json');
    const summary = JSON.parse(fs.readFileSync(summaryFile, 'utf8'));
    summary.groups = summary.groups.map((g: { hidden: number }) => ({ ...g, hidden: g.hidden + 1 }));
    fs.writeFileSync(summaryFile, JSON.stringify(summary));
    const disjoint = await runCli(['compare', FIXTURE, other, '--out', out]);
    expect(disjoint.code).toBe(2);
    expect(disjoint.err.replace(/\s+/g, ' ')).toContain('no (h_T, variant, N1) group is in every directory');

    expect(fs.existsSync(out)).toBe(false);
  });
});
