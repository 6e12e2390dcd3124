import * as fs from 'fs';
import * as path from 'path';
import { formatDuration, formatNumber, formatStat, writeReport } from '../src';
import { copyFixture, readSummary, readTrials, writeJson } from './fixture-dir';

const SECTIONS = ['findings', 'headline', 'pruning', 'training', 'histograms', 'topology', 'test-mse', 'setup'];

describe('writeReport on the fixture results directory', () => {
  let dir: string;
  let result: Awaited<ReturnType<typeof writeReport>>;
  let html: string;
  let md: string;
  beforeAll(async () => {
    dir = copyFixture();
    result = await writeReport(dir);
    html = fs.readFileSync(result.html, 'utf8');
    md = fs.readFileSync(result.markdown, 'utf8');
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('writes report.html, report.md and one SVG file per figure', () => {
    expect(result.html).toBe(path.join(dir, 'report.html'));
    expect(result.markdown).toBe(path.join(dir, 'report.md'));
    const names = result.figures.map((f) => path.basename(f)).sort();
    // two teachers: per-teacher figures carry -t0 / -t1, the collapse and test-MSE figures are shared
    for (const stem of ['training', 'headline', 'score-histograms', 'pruning', 'paths', 'strength', 'network']) {
      expect(names).toContain(`${stem}-t0.svg`);
      expect(names).toContain(`${stem}-t1.svg`);
    }
    expect(names).toEqual(expect.arrayContaining(['collapse-spread.svg', 'collapse-rescaled.svg', 'test-mse.svg']));
    for (const f of result.figures) {
      const svg = fs.readFileSync(f, 'utf8');
      expect(svg.startsWith('<svg')).toBe(true);
      expect(svg.length).toBeGreaterThan(2000);
      expect(html).toContain(`data-figure="${path.basename(f, '.svg')}"`);
      expect(md).toContain(`(figures/${path.basename(f)})`);
    }
  });

  it('has every section, with its caption, in both files', () => {
    for (const id of SECTIONS) expect(html).toContain(`<section id="${id}"`);
    const titles = [
      'Key findings',
      '1. Effective size against N1',
      '2. Pruning and the phase transition',
      '3. Training',
      '4. Score histograms',
      '5. Topology',
      '6. Test MSE against N1',
      'Appendix: Setup',
    ];
    for (const title of titles) {
      expect(html).toContain(title);
      expect(md).toContain(`## ${title}`);
    }
    // in this order: the answer first, the bookkeeping last
    const at = titles.map((t) => md.indexOf(`## ${t}`));
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    expect(md).toContain('pooled over the trials of that size');
  });

  it('prints the summary numbers in both files', () => {
    const summary = readSummary(dir);
    for (const g of summary.groups) {
      const cells = [
        formatStat(g.testMse),
        formatStat(g.averageDimension),
        formatNumber(g.testMse.mean / g.teacher.labelVariance),
      ];
      for (const c of cells) {
        expect(md).toContain(c);
        expect(html).toContain(c);
      }
    }
    const pt = summary.phaseTransition!;
    expect(md).toContain(formatNumber(pt.exponent!.beta));
    expect(md).toContain(formatNumber(pt.fit!.b));
    expect(md).toContain(`| wall time | ${formatDuration(summary.wallSeconds)} |`);
    expect(md).toMatch(/\| trials failed \| 1 \|/);
    expect(md).toContain(`| backend | ${summary.backend} |`);
    expect(md).toContain('| complete | yes: every planned trial has a record |');
    for (const session of summary.sessions!)
      expect(md).toContain(`| ${session.startedAt} | ${formatDuration(session.wallSeconds)} |`);
    for (const [tool, version] of Object.entries(summary.versions)) expect(md).toContain(`| ${tool} | ${version} |`);
    // topology: active first-layer nodes (activeNodes[1]) and the drawing's survivors (scores > 0.05 max)
    expect(md).toContain('| spectral | 100 | pruned | 20 |');
    expect(md).toContain('| direct | 100 | full | 100 |');
    // the unpruned view of every spectral group, right under its pruned row, with the group's topologyFull numbers
    for (const g of summary.groups.filter((q) => q.variant === 'spectral')) {
      const full = g.topologyFull!;
      const row = `| spectral | ${g.hidden} | full | ${g.hidden} | ${[full.pathDistance.wasserstein1, full.pathDistance.ks, full.strengthDistance.wasserstein1, full.strengthDistance.ks].map((x) => formatStat(x)).join(' | ')} |`;
      expect(md).toContain(row);
      expect(md).toMatch(
        new RegExp(`\\| spectral \\| ${g.hidden} \\| pruned \\| [^\\n]*\\n${row.replace(/[|.*+?()[\]\\^$]/g, '\\$&')}`),
      );
      expect(html).toContain(formatStat(full.pathDistance.ks));
    }
    // direct groups have no unpruned view: one row each (the teacher-0 and teacher-1 tables)
    const directGroups = summary.groups.filter((q) => q.variant === 'direct');
    expect(directGroups.every((q) => q.topologyFull === undefined)).toBe(true);
    expect(md.match(/^\| direct \| \d+ \| full \| /gm)).toHaveLength(directGroups.length);
    expect(md).toContain('switched-off nodes (near-zero eigenvalues) still carry paths');
    expect(html).toContain('Student t0-spectral-n100-trial0: 20 surviving nodes');
    // a cutoff-free rank-curve value at n - h_T = -2 for the widest spectral student of teacher 0
    const g = summary.groups.find((q) => q.teacher.index === 0 && q.variant === 'spectral' && q.hidden === 100)!;
    expect(md).toContain(formatNumber(g.rankCurve!.find((p) => p.x === -2)!.mean));
  });

  it('escapes every user-provided string (config, plugin names, failure reasons)', () => {
    expect(html).not.toContain('<script');
    expect(html).not.toContain('<img');
    expect(html).not.toContain('<b>bold-plugin');
    expect(html).toContain('&lt;script&gt;window.__pwned = 1&lt;/script&gt;');
    expect(html).toContain('&lt;b&gt;bold-plugin&lt;/b&gt;');
    expect(html).toContain('fixture &lt;img src=&quot;http://example.invalid/x.png&quot;');
    // outside the fenced config block (which Markdown shows literally) nothing is raw HTML
    const fence = /^(`{3,})json\n[\s\S]*?\n\1$/m;
    expect(md).toMatch(fence);
    expect(md.replace(fence, '')).not.toMatch(/<script|<img|<b>/);
    expect(md).toContain('&lt;script&gt;window.__pwned = 1&lt;/script&gt;');
    expect(html).not.toContain('<em>');
    expect(md).toContain(
      'Analysis warning: exponent: fitted on one student size only &lt;em&gt;(hand-made fixture)&lt;/em&gt;',
    );
    // the failed trial and its reason are listed
    expect(md).toContain('t0-spectral-n40-trial2');
  });

  it('loads nothing from outside the page; its only links are to its own figure files', () => {
    expect(html).not.toMatch(/<(script|link|img|iframe|object|embed)\b/i);
    expect(html).not.toMatch(/\s(src|xlink:href)\s*=\s*"(?!#)/i);
    const links = [...html.matchAll(/\shref\s*=\s*"(?!#)([^"]*)"/gi)].map((m) => m[1]);
    expect(links.sort()).toEqual(result.figures.map((f) => `figures/${path.basename(f)}`).sort());
    for (const link of links) expect(fs.existsSync(path.join(dir, link))).toBe(true);
    expect(html).not.toMatch(/url\((?!#)/i);
    expect(html).not.toMatch(/@import/i);
    expect(html).toContain("default-src 'none'");
  });
});

describe('writeReport with optional data missing', () => {
  it('writes notes instead of figures when pruning, topology, the phase transition and teacher weights are absent', async () => {
    const dir = copyFixture();
    try {
      const summary = readSummary(dir);
      // one teacher only, nothing downstream of training, a hostile variant name
      summary.groups = summary.groups
        .filter((g) => g.teacher.index === 0)
        .map((g) => ({
          ...g,
          variant: g.variant === 'direct' ? 'direct <i>x</i>' : g.variant,
          rankCurve: undefined,
          cutoffCurve: undefined,
          effectiveSize: undefined,
          topology: undefined,
          topologyFull: undefined,
        }));
      delete summary.phaseTransition;
      delete summary.teacherWeightsFiles;
      writeJson(path.join(dir, 'summary.json'), summary);
      for (const t of readTrials(dir)) {
        if (t.status === 'ok') {
          delete t.pruning;
          delete t.topology;
          delete t.topologyFull;
        }
        writeJson(path.join(dir, 'trials', `${t.id}.json`), t);
      }
      fs.writeFileSync(path.join(dir, 'trials', 'broken.json'), '{"id": "broken", truncated');
      const result = await writeReport(dir);
      const md = fs.readFileSync(result.markdown, 'utf8');
      expect(md).toMatch(/trials\/broken\.json was skipped: .*not valid JSON/);
      const html = fs.readFileSync(result.html, 'utf8');
      expect(md).toContain('No pruning curves in the results yet');
      expect(md).toContain('No topology analysis in the results yet');
      expect(md).toContain('are not in the results (summary.teacherWeightsFiles)');
      expect(md).toContain('No group carries n\\* yet');
      expect(result.figures.map((f) => path.basename(f)).sort()).toEqual([
        'headline.svg',
        'score-histograms.svg',
        'test-mse.svg',
        'training.svg',
      ]);
      expect(html).not.toContain('<i>x</i>');
      expect(html).toContain('direct &lt;i&gt;x&lt;/i&gt;');
      // the SVGs escape it too (Vega writes text content escaped)
      for (const f of result.figures) expect(fs.readFileSync(f, 'utf8')).not.toContain('<i>x</i>');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('shows one distance row per group for results written before topologyFull existed', async () => {
    const dir = copyFixture();
    try {
      const summary = readSummary(dir);
      for (const g of summary.groups) delete g.topologyFull;
      writeJson(path.join(dir, 'summary.json'), summary);
      for (const t of readTrials(dir)) {
        if (t.status === 'ok') delete t.topologyFull;
        writeJson(path.join(dir, 'trials', `${t.id}.json`), t);
      }
      const md = fs.readFileSync((await writeReport(dir)).markdown, 'utf8');
      expect(md).toContain('| spectral | 100 | pruned | 20 |');
      expect(md).not.toMatch(/^\| spectral \| \d+ \| full \| /m);
      expect(md.match(/^\| (spectral|direct) \| \d+ \| (pruned|full) \| /gm)).toHaveLength(
        summary.groups.filter((g) => g.topology).length,
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('says what is wrong when the directory is not a results directory', async () => {
    const dir = copyFixture();
    try {
      fs.rmSync(path.join(dir, 'summary.json'));
      await expect(writeReport(dir)).rejects.toThrow(/^report\/loadResults: .*summary\.json not found/);
      await expect(writeReport(path.join(dir, 'nope'))).rejects.toThrow(/^report\/loadResults: .* is not a directory/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
