/**
 * report/compare/write-comparison: `writeComparison(dirs, out)` compares results directories and writes
 * OUT/compare.html (self-contained, the report's page), OUT/compare.md (the same tables) and OUT/compare.json (every
 * number), each atomically. This is what `spectral compare` calls.
 */
import * as fs from 'fs';
import * as path from 'path';
import { COMPARE_HTML, COMPARE_JSON, COMPARE_MD, writeFileAtomic } from '@spectral-ts/results';
import { renderHtml } from '../render-html';
import { renderMarkdown } from '../render-markdown';
import { compareRuns, type CompareOptions, type Comparison } from './compare-runs';
import { comparisonSections } from './comparison-document';

export interface WriteComparisonOptions extends CompareOptions {
  /** Title of the page; default "spectral-ts comparison: <label> vs <label>". */
  title?: string;
}

/** What writeComparison wrote (absolute paths) and the comparison itself. */
export interface WriteComparisonResult {
  html: string;
  markdown: string;
  json: string;
  comparison: Comparison;
}

/**
 * Compares `dirs` (the first is the baseline) and writes compare.html, compare.md and compare.json into `out`
 * (created when missing). Throws `report/compareRuns: ...` or `report/loadResults: ...` naming the directory on bad
 * input, before anything is written.
 */
export async function writeComparison(
  dirs: readonly string[],
  out: string,
  options: WriteComparisonOptions = {},
): Promise<WriteComparisonResult> {
  const comparison = compareRuns(dirs, options);
  const { sections, meta } = comparisonSections(comparison);
  if (options.title) meta.title = options.title;
  // every file's text exists before the first is written, so a failure leaves no partial comparison behind
  const texts = {
    json: `${JSON.stringify(comparison, null, 1)}\n`,
    markdown: renderMarkdown(sections, meta),
    html: renderHtml(sections, meta),
  };
  const dir = path.resolve(out);
  fs.mkdirSync(dir, { recursive: true });
  const result = {
    html: path.join(dir, COMPARE_HTML),
    markdown: path.join(dir, COMPARE_MD),
    json: path.join(dir, COMPARE_JSON),
    comparison,
  };
  writeFileAtomic(result.json, texts.json);
  writeFileAtomic(result.markdown, texts.markdown);
  writeFileAtomic(result.html, texts.html);
  return result;
}
