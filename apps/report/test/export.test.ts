/**
 * The paper formats: every figure as PNG and PDF (rendered by the system Chromium), its Vega-Lite spec with data, and
 * the headline tables as LaTeX booktabs. A missing Chromium fails the test with the install command (never a skip).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { compile, type TopLevelSpec } from 'vega-lite';
import { escapeLatex, formatStat, latexTable, writeReport } from '../src';
import { svgSize } from '../src/export/chromium-figures';
import { copyFixture, readSummary } from './fixture-dir';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Width and height from a PNG's IHDR chunk. */
function pngSize(bytes: Buffer): { width: number; height: number } {
  expect(bytes.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

describe('LaTeX tables', () => {
  it('escapes LaTeX specials and writes the report symbols as math', () => {
    expect(escapeLatex('ΔMSE ± 2 & 50% of n_T ≥ h_T − 4 #1 {x} ~ ^')).toBe(
      '$\\Delta$MSE $\\pm$ 2 \\& 50\\% of n\\_T $\\geq$ h\\_T $-$ 4 \\#1 \\{x\\} ' +
        '\\textasciitilde{} \\textasciicircum{}',
    );
    const tex = latexTable(
      {
        kind: 'table',
        title: 'Effective size (h_T = 20)',
        headers: ['variant', 'N1', 'n*'],
        rows: [['spectral', '40', '20 ± 0']],
      },
      'headline',
    );
    expect(tex.split('\n')).toEqual([
      '% written by @spectral-ts/report; needs \\usepackage{booktabs}',
      '\\begin{table}[htbp]',
      '\\centering',
      '\\caption{Effective size (h\\_T = 20)}',
      '\\label{tab:headline}',
      '\\begin{tabular}{lrr}',
      '\\toprule',
      'variant & N1 & n* \\\\',
      '\\midrule',
      'spectral & 40 & 20 $\\pm$ 0 \\\\',
      '\\bottomrule',
      '\\end{tabular}',
      '\\end{table}',
      '',
    ]);
  });
});

describe('writeReport with formats html, png, pdf, vl', () => {
  let dir: string;
  let result: Awaited<ReturnType<typeof writeReport>>;
  beforeAll(async () => {
    if (!fs.existsSync(CHROMIUM)) {
      throw new Error(
        `report/export.test: Chromium not found at ${CHROMIUM} ` +
          '(install it: apt-get update && apt-get install -y chromium, or set CHROMIUM_PATH)',
      );
    }
    dir = copyFixture();
    result = await writeReport(dir, { formats: ['html', 'png', 'pdf', 'vl'], chromiumPath: CHROMIUM });
  }, 120_000);
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('writes every figure as a PNG at twice its SVG size and as a one-page PDF', () => {
    const stems = result.figures.map((f) => path.basename(f, '.svg')).sort();
    expect(result.png.map((f) => path.basename(f, '.png')).sort()).toEqual(stems);
    expect(result.pdf.map((f) => path.basename(f, '.pdf')).sort()).toEqual(stems);
    for (const svgFile of result.figures) {
      const size = svgSize(fs.readFileSync(svgFile, 'utf8'));
      const png = fs.readFileSync(svgFile.replace(/\.svg$/, '.png'));
      expect(pngSize(png)).toEqual({ width: 2 * size.width, height: 2 * size.height });
      // a drawn figure, not a blank page: PNG compression of a white rectangle stays tiny
      expect(png.length).toBeGreaterThan(20_000);
      const pdf = fs.readFileSync(svgFile.replace(/\.svg$/, '.pdf')).toString('latin1');
      expect(pdf.startsWith('%PDF-')).toBe(true);
      expect(pdf.match(/\/Type\s*\/Page[^s]/g)).toHaveLength(1);
    }
  });

  it('writes every Vega-Lite figure as its spec with data, which compiles again', () => {
    // the network drawing is hand-written SVG: it has no spec
    const withSpec = result.figures.filter((f) => !path.basename(f).startsWith('network'));
    expect(result.vl.map((f) => path.basename(f, '.vl.json')).sort()).toEqual(
      withSpec.map((f) => path.basename(f, '.svg')).sort(),
    );
    const spec = JSON.parse(
      fs.readFileSync(path.join(dir, 'figures', 'pruning-t0.vl.json'), 'utf8'),
    ) as TopLevelSpec & { data: { values: { x: number; mean: number; clipped: boolean }[] } };
    expect(spec.$schema).toBe('https://vega.github.io/schema/vega-lite/v5.json');
    expect(() => compile(spec)).not.toThrow();
    const g = readSummary(dir).groups.find(
      (q) => q.teacher.index === 0 && q.variant === 'spectral' && q.hidden === 100,
    )!;
    const at = g.rankCurve!.find((p) => p.x === -2)!.mean;
    expect(spec.data.values.some((v) => v.x === -2 && v.mean === at && !v.clipped)).toBe(true);
  });

  it('writes the headline tables as LaTeX booktabs with the summary numbers', () => {
    expect(result.tables.map((f) => path.basename(f)).sort()).toEqual([
      'headline-t0.tex',
      'headline-t1.tex',
      'pruning-t0.tex',
      'pruning-t1.tex',
    ]);
    const tex = fs.readFileSync(path.join(dir, 'tables', 'headline-t0.tex'), 'utf8');
    expect(tex).toContain('\\toprule');
    const g = readSummary(dir).groups.find((q) => q.teacher.index === 0 && q.variant === 'direct' && q.hidden === 100)!;
    expect(tex).toContain(`direct & 100 & 3 & ${escapeLatex(formatStat(g.averageDimension))}`);
  });
});

describe('writeReport refuses bad formats before writing anything', () => {
  it('names the unknown format and the known ones', async () => {
    const src = copyFixture();
    try {
      await expect(writeReport(src, { formats: ['html', 'gif'] })).rejects.toThrow(
        'report/writeReport: unknown format "gif" in formats (use any of html, png, pdf, vl)',
      );
      expect(fs.existsSync(path.join(src, 'report.html'))).toBe(false);
    } finally {
      fs.rmSync(src, { recursive: true, force: true });
    }
  });

  it('says how to install Chromium when png or pdf cannot be rendered, and leaves no report behind', async () => {
    const src = copyFixture();
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'spectral-report-out-'));
    try {
      await expect(
        writeReport(src, { outDir: out, formats: ['png'], chromiumPath: path.join(out, 'no-chromium') }),
      ).rejects.toThrow(
        /need Chromium, not found at .*\(install it: apt-get install -y chromium, or set CHROMIUM_PATH\)/,
      );
      expect(fs.existsSync(path.join(out, 'report.html'))).toBe(false);
      expect(fs.readdirSync(out)).toEqual([]);
    } finally {
      fs.rmSync(src, { recursive: true, force: true });
      fs.rmSync(out, { recursive: true, force: true });
    }
  });
});
