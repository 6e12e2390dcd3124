import * as fs from 'fs';
import * as path from 'path';
import { teachersOf } from '@spectral-ts/results';
import { keyFindings } from '../src/findings/key-findings';
import { formatNumber } from '../src';
import { variantsOf } from '../src/groups';
import { loadResults } from '../src/read-results';
import { FIXTURE, copyFixture, readSummary, writeJson } from './fixture-dir';

function findingsOf(dir: string): ReturnType<typeof keyFindings> {
  const data = loadResults(dir);
  return keyFindings(data, teachersOf(data.summary), variantsOf(data.summary.groups));
}

describe('keyFindings on the fixture', () => {
  const findings = findingsOf(FIXTURE);
  const summary = readSummary(FIXTURE);

  it('states every check of the method for both teachers, and all of them hold', () => {
    const topics = [
      'effective size, spectral',
      'effective size, direct',
      'plateau',
      'jump below h_T',
      'direct contrast',
      'collapse',
      'topology',
    ];
    expect(findings.map((f) => f.topic)).toEqual([...topics, ...topics]);
    expect(findings.filter((f) => f.verdict !== 'holds')).toEqual([]);
    expect(findings[0].text).toContain('(h_T = 20)');
    expect(findings[7].text).toContain('(h_T = 10)');
  });

  it('quotes the numbers of the summary: the plateau maximum, the contrast and the topology ratio', () => {
    const wide = summary.groups.filter((g) => g.teacher.index === 0 && g.hidden >= 40);
    const spectral = wide.filter((g) => g.variant === 'spectral');
    const plateau = Math.max(...spectral.flatMap((g) => g.rankCurve!.filter((p) => p.x >= 0).map((p) => p.mean)));
    const plateauText = findings.find((f) => f.topic === 'plateau')!.text;
    expect(plateauText).toContain(`ΔMSE = ${formatNumber(plateau)} [`);
    expect(plateauText).toContain(`0.01·Var(y) = ${formatNumber(0.01 * summary.groups[0].teacher.labelVariance)}`);
    // its interval brackets the mean
    const [lo, hi] = /ΔMSE = \S+ \[(\S+), (\S+)\]/.exec(plateauText)!.slice(1).map(Number);
    expect(lo).toBeLessThanOrEqual(plateau);
    expect(hi).toBeGreaterThanOrEqual(plateau);
    const at0 = (v: string, n: number): number =>
      wide.find((g) => g.variant === v && g.hidden === n)!.rankCurve!.find((p) => p.x === 0)!.mean;
    const contrast = Math.min(...[40, 100].map((n) => at0('direct', n) / at0('spectral', n)));
    expect(findings.find((f) => f.topic === 'direct contrast')!.text).toContain(`loses ${formatNumber(contrast)}× [`);
    const w1 = (v: string, n: number): number =>
      wide.find((g) => g.variant === v && g.hidden === n)!.topology!.pathDistance.wasserstein1.mean;
    const ratio = Math.min(...[40, 100].map((n) => w1('direct', n) / w1('spectral', n)));
    expect(findings.find((f) => f.topic === 'topology')!.text).toContain(`is ${formatNumber(ratio)}× [`);
    expect(findings.find((f) => f.topic === 'effective size, spectral')!.text).toContain(
      'expected within [18, 28] (§9.3)',
    );
  });
});

describe('keyFindings when the run does not meet the method', () => {
  it('says plainly which size is not converged and that the plateau does not hold', () => {
    const dir = copyFixture();
    try {
      const summary = readSummary(dir);
      const g = summary.groups.find((q) => q.teacher.index === 0 && q.variant === 'spectral' && q.hidden === 100)!;
      g.averageDimension = { mean: 31, std: 2, n: 3 };
      g.rankCurve = g.rankCurve!.map((p) => (p.x === 3 ? { ...p, mean: 0.5 } : p.x === -5 ? { ...p, mean: 0.01 } : p));
      writeJson(path.join(dir, 'summary.json'), summary);
      const findings = findingsOf(dir);
      const size = findings.find((f) => f.topic === 'effective size, spectral')!;
      expect(size.verdict).toBe('fails');
      expect(size.text).toContain('N1 = 100 is not yet converged: average dimension 31 > 28');
      const plateau = findings.find((f) => f.topic === 'plateau')!;
      expect(plateau.verdict).toBe('fails');
      expect(plateau.text).toContain('costs at most ΔMSE = 0.5');
      expect(plateau.text).toContain('it does not hold');
      const jump = findings.find((f) => f.topic === 'jump below h_T')!;
      expect(jump.verdict).toBe('fails');
      expect(jump.text).toContain('(N1 = 100, where it fails) and reaches 0.01 at n = h_T − 5');
      expect(jump.text).toContain('it does not hold, ΔMSE at h_T − 5 is below 0.1·Var(y)');
      // the other teacher is untouched
      expect(findings.filter((f) => f.text.includes('(h_T = 10)')).every((f) => f.verdict === 'holds')).toBe(true);
      expect(fs.readFileSync(path.join(dir, 'summary.json'), 'utf8')).toContain('"mean":31');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
