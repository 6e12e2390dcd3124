/**
 * report/write-report: `writeReport(dir)` reads a results directory and writes DIR/report.html (self-contained),
 * DIR/report.md (the same numbers as text) and DIR/figures/*.svg. This is what `spectral report DIR` and `npm start`
 * call.
 */
import * as fs from 'fs';
import * as path from 'path';
import { teachersOf, writeFileAtomic } from '@spectral-ts/results';
import type { NetworkWeights } from '@spectral-ts/spectral';
import type { ReportSection } from './document';
import { variantsOf } from './groups';
import { loadResults, readWeights } from './read-results';
import { renderHtml, type PageMeta } from './render-html';
import { renderMarkdown } from './render-markdown';
import type { SectionContext } from './sections/context';
import { headlineSection } from './sections/headline';
import { histogramsSection } from './sections/histograms';
import { pruningSection } from './sections/pruning';
import { setupSection } from './sections/setup';
import { testMseSection } from './sections/test-mse';
import { topologySection } from './sections/topology';
import { trainingSection } from './sections/training';

/** Options of writeReport. */
export interface WriteReportOptions {
  /** Title of the page; default "spectral-ts report: <config.name or the directory name>". */
  title?: string;
  /** Where to write report.html, report.md and figures/; default the results directory itself. */
  outDir?: string;
}

/** What writeReport wrote: absolute paths. */
export interface WriteReportResult {
  html: string;
  markdown: string;
  figures: string[];
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
  // Setup is built last so that it lists the problems met while reading weights for the other sections.
  const training = await trainingSection(ctx);
  const headline = await headlineSection(ctx);
  const histograms = await histogramsSection(ctx);
  const pruning = await pruningSection(ctx);
  const topology = await topologySection(ctx);
  const testMse = await testMseSection(ctx);
  const setup = setupSection(ctx);
  const name = data.summary.name ?? (data.config as { name?: unknown } | undefined)?.name;
  const meta: PageMeta = {
    title: `spectral-ts report: ${typeof name === 'string' && name ? name : path.basename(data.dir)}`,
    subtitle: `${data.summary.trialsFinished} of ${data.summary.trialsTotal} trials finished (${data.summary.trialsFailed} failed${data.summary.diverged?.length ? `, ${data.summary.diverged.length} of them diverged` : ''}) on backend ${data.summary.backend}, ${data.summary.startedAt} to ${data.summary.finishedAt}.`,
  };
  return { sections: [setup, training, headline, histograms, pruning, topology, testMse], meta };
}

/**
 * Reads the results directory `dir` and writes report.html, report.md and figures/*.svg into it (or into
 * `options.outDir`). Throws `report/loadResults: ...` when `dir` is not a results directory and
 * `results/readResults: ...` when its summary.json is malformed.
 */
export async function writeReport(dir: string, options: WriteReportOptions = {}): Promise<WriteReportResult> {
  const { sections, meta } = await buildReport(dir);
  if (options.title) meta.title = options.title;
  const out = path.resolve(options.outDir ?? dir);
  const figuresDir = path.join(out, 'figures');
  fs.mkdirSync(figuresDir, { recursive: true });
  const figures: string[] = [];
  for (const section of sections) {
    for (const block of section.blocks) {
      if (block.kind !== 'figure') continue;
      const file = path.join(figuresDir, `${block.name}.svg`);
      writeFileAtomic(file, block.svg);
      figures.push(file);
    }
  }
  const html = path.join(out, 'report.html');
  const markdown = path.join(out, 'report.md');
  // atomic, so a browser refreshing the page never reads half a file
  writeFileAtomic(html, renderHtml(sections, meta));
  writeFileAtomic(markdown, renderMarkdown(sections, meta));
  return { html, markdown, figures };
}
