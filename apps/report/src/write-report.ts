/**
 * report/write-report: `writeReport(dir)` reads a results directory and writes DIR/report.html (self-contained),
 * DIR/report.md (the same numbers as text) and DIR/figures/*.svg. This is what `spectral report DIR` and `npm start`
 * call.
 */
import * as fs from 'fs';
import * as path from 'path';
import { FIGURES_DIR, REPORT_HTML, REPORT_MD, TABLES_DIR, teachersOf, writeFileAtomic } from '@spectral-ts/results';
import type { NetworkWeights } from '@spectral-ts/spectral';
import type { FigureBlock, ReportSection } from './document';
import { renderFigures, resolveChromium } from './export/chromium-figures';
import { latexTable } from './export/latex-table';
import { variantsOf } from './groups';
import { loadResults, readWeights } from './read-results';
import { renderHtml, type PageMeta } from './render-html';
import { renderMarkdown } from './render-markdown';
import { classificationFindings, classificationSection, isClassificationSummary } from './sections/classification';
import type { SectionContext } from './sections/context';
import { findingsSection } from './sections/findings';
import { headlineSection } from './sections/headline';
import { histogramsSection } from './sections/histograms';
import { pruningSection } from './sections/pruning';
import { setupSection } from './sections/setup';
import { sweepSection } from './sections/sweep';
import { testMseSection } from './sections/test-mse';
import { topologySection } from './sections/topology';
import { trainingSection } from './sections/training';

/**
 * The formats writeReport knows. The page (report.html, report.md), figures/*.svg and tables/*.tex are always written,
 * so `html` is the default and adds nothing; `png` and `pdf` add every figure rendered by Chromium, `vl` every
 * figure's Vega-Lite spec with its data.
 */
export const REPORT_FORMATS = ['html', 'png', 'pdf', 'vl'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** Options of writeReport. */
export interface WriteReportOptions {
  /** Title of the page; default "spectral-ts report: <config.name or the directory name>". */
  title?: string;
  /** Where to write report.html, report.md, figures/ and tables/; default the results directory itself. */
  outDir?: string;
  /** Default ['html']. */
  formats?: readonly string[];
  /** Chromium for png and pdf; default CHROMIUM_PATH, then /usr/bin/chromium. */
  chromiumPath?: string;
}

/** What writeReport wrote: absolute paths. */
export interface WriteReportResult {
  html: string;
  markdown: string;
  /** figures/<name>.svg, one per figure. */
  figures: string[];
  /** tables/<name>.tex: the headline tables as LaTeX (booktabs). */
  tables: string[];
  /** figures/<name>.png, .pdf and .vl.json, in the formats asked for. */
  png: string[];
  pdf: string[];
  vl: string[];
}

/** The formats as a set; an unknown one is refused with the list of known ones. */
export function parseFormats(formats: readonly string[] | undefined): Set<ReportFormat> {
  const list = formats ?? ['html'];
  const unknown = list.filter((f) => !(REPORT_FORMATS as readonly string[]).includes(f));
  const known = `use any of ${REPORT_FORMATS.join(', ')}`;
  if (unknown.length) {
    throw new Error(
      `report/writeReport: unknown format ${unknown.map((f) => `"${f}"`).join(', ')} in formats (${known})`,
    );
  }
  if (!list.length) throw new Error(`report/writeReport: formats is empty (${known})`);
  return new Set(list as ReportFormat[]);
}

/** The page's title and subtitle. */
function pageMeta({ data }: SectionContext): PageMeta {
  const s = data.summary;
  const name = s.name ?? (data.config as { name?: unknown } | undefined)?.name;
  const diverged = s.diverged?.length ? `, ${s.diverged.length} of them diverged` : '';
  return {
    title: `spectral-ts report: ${typeof name === 'string' && name ? name : path.basename(data.dir)}`,
    subtitle:
      `${s.trialsFinished} of ${s.trialsTotal} trials finished (${s.trialsFailed} failed${diverged}) ` +
      `on backend ${s.backend}, ${s.startedAt} to ${s.finishedAt}.`,
  };
}

/** Builds the report's sections from a results directory, without writing anything. */
export async function buildReport(dir: string): Promise<{ sections: ReportSection[]; meta: PageMeta }> {
  const data = loadResults(dir);
  const teacherWeights = new Map<number, NetworkWeights>();
  const teachers = teachersOf(data.summary);
  for (const t of teachers) {
    const file = data.summary.teacherWeightsFiles?.[t.index];
    const net = file ? readWeights(data, file) : undefined;
    if (net) teacherWeights.set(t.index, net);
  }
  const ctx: SectionContext = { data, teachers, variants: variantsOf(data.summary.groups), teacherWeights };
  if (isClassificationSummary(data.summary.groups)) return classificationReport(ctx);
  // Setup is built last so that it lists the problems met while reading weights for the other sections.
  const training = await trainingSection(ctx);
  const headline = await headlineSection(ctx);
  const histograms = await histogramsSection(ctx);
  const pruning = await pruningSection(ctx);
  const topology = await topologySection(ctx);
  const testMse = await testMseSection(ctx);
  const setup = setupSection(ctx);
  const findings = findingsSection(ctx);
  const meta = pageMeta(ctx);
  // the answer first (findings, then the headline figures), the bookkeeping last
  const sweep = await sweepSection(ctx);
  const sweepFirst = sweep ? [sweep] : [];
  const ordered = [findings, ...sweepFirst, headline, pruning, training, histograms, topology, testMse, setup];
  return { sections: numberSections(ordered), meta };
}

/**
 * The report of a classification run (image data): its findings, the accuracy curves, the training history and the
 * setup. The teacher sections (pruning transition, topology, MSE against N1) need a teacher and are left out.
 */
async function classificationReport(ctx: SectionContext): Promise<{ sections: ReportSection[]; meta: PageMeta }> {
  const classification = await classificationSection(ctx);
  const training = await trainingSection(ctx);
  const items = classificationFindings(ctx);
  const findings: ReportSection = {
    id: 'findings',
    title: 'Key findings',
    caption:
      'Each sentence: mean ± std over trials; the test accuracy of the intact network, then with half its ' +
      'nodes removed.',
    blocks: items.length ? [{ kind: 'findings', items }] : [{ kind: 'note', text: 'No classifier has finished yet.' }],
  };
  const setup = setupSection(ctx);
  return { sections: numberSections([findings, classification, training, setup]), meta: pageMeta(ctx) };
}

/** Numbers the body sections 1, 2, ... and titles the appendix; the findings box stays unnumbered. */
function numberSections(sections: ReportSection[]): ReportSection[] {
  let n = 0;
  return sections.map((s) => {
    if (s.id === 'findings') return s;
    return { ...s, title: s.appendix ? `Appendix: ${s.title}` : `${++n}. ${s.title}` };
  });
}

/** The Vega-Lite schema the specs are written for (the pinned vega-lite 5). */
const VEGA_LITE_SCHEMA = 'https://vega.github.io/schema/vega-lite/v5.json';

/**
 * Reads the results directory `dir` and writes report.html, report.md, figures/*.svg and tables/*.tex into it (or into
 * `options.outDir`), and the figures in the further `options.formats` (png, pdf, vl). Throws `report/loadResults: ...` when `dir` is not a results directory and
 * `results/readResults: ...` when its summary.json is malformed.
 */
export async function writeReport(dir: string, options: WriteReportOptions = {}): Promise<WriteReportResult> {
  const formats = parseFormats(options.formats);
  const raster = formats.has('png') || formats.has('pdf');
  // a missing Chromium is said before the minutes of building the report, not after
  if (raster) resolveChromium(options.chromiumPath);
  const { sections, meta } = await buildReport(dir);
  if (options.title) meta.title = options.title;
  const out = path.resolve(options.outDir ?? dir);
  const figuresDir = path.join(out, FIGURES_DIR);
  fs.mkdirSync(figuresDir, { recursive: true });
  const result: WriteReportResult = {
    html: path.join(out, REPORT_HTML),
    markdown: path.join(out, REPORT_MD),
    figures: [],
    tables: [],
    png: [],
    pdf: [],
    vl: [],
  };
  const figureBlocks = sections.flatMap((s) => s.blocks).filter((b): b is FigureBlock => b.kind === 'figure');
  // rendered before anything is written, so a missing Chromium leaves no half-written report behind
  const rendered = raster
    ? await renderFigures(figureBlocks, { png: formats.has('png'), pdf: formats.has('pdf') }, options.chromiumPath)
    : [];
  for (const block of figureBlocks) {
    const file = path.join(figuresDir, `${block.name}.svg`);
    writeFileAtomic(file, block.svg);
    result.figures.push(file);
    if (formats.has('vl') && block.spec) {
      const vl = path.join(figuresDir, `${block.name}.vl.json`);
      writeFileAtomic(vl, `${JSON.stringify({ $schema: VEGA_LITE_SCHEMA, ...block.spec }, null, 1)}\n`);
      result.vl.push(vl);
    }
  }
  for (const r of rendered) {
    for (const [kind, bytes] of [
      ['png', r.png],
      ['pdf', r.pdf],
    ] as const) {
      if (!bytes) continue;
      const file = path.join(figuresDir, `${r.name}.${kind}`);
      writeFileAtomic(file, bytes);
      result[kind].push(file);
    }
  }
  for (const block of sections.flatMap((s) => s.blocks)) {
    if (block.kind !== 'table' || !block.latex) continue;
    const file = path.join(out, TABLES_DIR, `${block.latex}.tex`);
    writeFileAtomic(file, latexTable(block, block.latex));
    result.tables.push(file);
  }
  // atomic, so a browser refreshing the page never reads half a file
  writeFileAtomic(result.html, renderHtml(sections, meta));
  writeFileAtomic(result.markdown, renderMarkdown(sections, meta));
  return result;
}
