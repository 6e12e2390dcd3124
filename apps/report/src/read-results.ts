/**
 * report/read-results: loads a results directory (the contract of @spectral-ts/results: config.json, summary.json,
 * trials/*.json, weights/*.json) into memory for the report. Only summary.json is required; everything else that is
 * missing or unreadable becomes a "problem" line that the report prints, so a half-finished run still gets a report.
 */
import * as fs from 'fs';
import * as path from 'path';
import type { NetworkWeights } from '@spectral-ts/spectral';
import {
  readJsonFile,
  readTrialRecords,
  resultsPaths,
  validateSummary,
  type Summary,
  type TrialRecord,
} from '@spectral-ts/results';

export interface ResultsData {
  /** Absolute path of the results directory. */
  dir: string;
  /** The resolved config as written by the CLI (undefined when config.json is missing or unreadable). */
  config: unknown;
  summary: Summary;
  /** Every valid trial record found under trials/, sorted by id. */
  trials: TrialRecord[];
  /** Files that were missing, unreadable or invalid, in words (shown in the Setup section). */
  problems: string[];
}

function fail(message: string): never {
  throw new Error(`report/loadResults: ${message}`);
}

/**
 * Reads DIR/summary.json (validated by @spectral-ts/results), DIR/config.json and DIR/trials/*.json. Throws when DIR or
 * its summary.json is missing or the summary is malformed; an unreadable config or trial record becomes a problem line.
 */
export function loadResults(dir: string): ResultsData {
  const paths = resultsPaths(dir);
  const abs = paths.root;
  if (!fs.existsSync(abs) || !fs.statSync(abs).isDirectory())
    fail(`${abs} is not a directory (pass a results directory written by \`spectral run\`)`);
  if (!fs.existsSync(paths.summary))
    fail(`${paths.summary} not found (the run has not finished a trial yet, or this is not a results directory)`);
  const summary = validateSummary(readJsonFile(paths.summary), paths.summary);

  const problems: string[] = [];
  let config: unknown;
  if (fs.existsSync(paths.config)) {
    try {
      config = readJsonFile(paths.config);
    } catch (err) {
      problems.push((err as Error).message);
    }
  } else {
    problems.push('config.json is missing');
  }
  if (!fs.existsSync(paths.trialsDir)) problems.push('trials/ is missing');
  const scan = readTrialRecords(abs, { invalid: 'collect' });
  for (const bad of scan.invalid) problems.push(`${path.relative(abs, bad.file)} was skipped: ${bad.reason}`);
  const trials = [...scan.records].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { dir: abs, config, summary, trials, problems };
}

/**
 * Reads a NetworkWeights file given relative to the results directory; undefined (and a problem line) when it is
 * missing, unreadable, or points outside the directory.
 */
export function readWeights(data: ResultsData, relative: string): NetworkWeights | undefined {
  const file = path.resolve(data.dir, relative);
  if (path.relative(data.dir, file).startsWith('..')) {
    data.problems.push(`weights file ${relative} points outside the results directory; ignored`);
    return undefined;
  }
  try {
    const net = readJsonFile(file) as NetworkWeights;
    if (!net || !Array.isArray(net.layers) || net.layers.length < 2)
      throw new Error('expected a NetworkWeights with at least two layers');
    return net;
  } catch (err) {
    data.problems.push(`${relative} could not be read: ${(err as Error).message}`);
    return undefined;
  }
}
