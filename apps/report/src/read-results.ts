/**
 * report/read-results: loads a results directory (the contract of @spectral-ts/results: config.json, summary.json,
 * trials/*.json, weights/*.json) into memory for the report. Only summary.json is required; everything else that is
 * missing or unreadable becomes a "problem" line that the report prints, so a half-finished run still gets a report.
 */
import * as fs from 'fs';
import * as path from 'path';
import type { NetworkWeights } from '@spectral-ts/spectral';
import type { Summary, TrialRecord } from '@spectral-ts/results';

export interface ResultsData {
  /** Absolute path of the results directory. */
  dir: string;
  /** The resolved config as written by the CLI (undefined when config.json is missing). */
  config: unknown;
  summary: Summary;
  /** Every trial record found under trials/, sorted by id. */
  trials: TrialRecord[];
  /** Files that were missing or unreadable, in words (shown in the Setup section). */
  problems: string[];
}

function fail(message: string): never {
  throw new Error(`report/readResults: ${message}`);
}

function readJson(file: string): unknown {
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}

/** Reads DIR/summary.json, DIR/config.json and DIR/trials/*.json. Throws when DIR or its summary.json is missing. */
export function readResults(dir: string): ResultsData {
  const abs = path.resolve(dir);
  if (!fs.existsSync(abs) || !fs.statSync(abs).isDirectory()) fail(`${abs} is not a directory (pass a results directory written by \`spectral run\`)`);
  const summaryFile = path.join(abs, 'summary.json');
  if (!fs.existsSync(summaryFile)) fail(`${summaryFile} not found (the run has not finished a trial yet, or this is not a results directory)`);
  let summary: Summary;
  try {
    summary = readJson(summaryFile) as Summary;
  } catch (err) {
    fail(`${summaryFile} is not valid JSON: ${(err as Error).message} (re-run or repair the file)`);
  }
  if (!summary || !Array.isArray(summary.groups)) fail(`${summaryFile} has no "groups" array (is it a Summary of @spectral-ts/results?)`);

  const problems: string[] = [];
  let config: unknown;
  const configFile = path.join(abs, 'config.json');
  if (fs.existsSync(configFile)) {
    try {
      config = readJson(configFile);
    } catch (err) {
      problems.push(`config.json is not valid JSON: ${(err as Error).message}`);
    }
  } else {
    problems.push('config.json is missing');
  }

  const trials: TrialRecord[] = [];
  const trialsDir = path.join(abs, 'trials');
  if (fs.existsSync(trialsDir)) {
    for (const name of fs.readdirSync(trialsDir).filter((n) => n.endsWith('.json')).sort()) {
      try {
        trials.push(readJson(path.join(trialsDir, name)) as TrialRecord);
      } catch (err) {
        problems.push(`trials/${name} is not valid JSON: ${(err as Error).message}`);
      }
    }
  } else {
    problems.push('trials/ is missing');
  }
  trials.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
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
    const net = readJson(file) as NetworkWeights;
    if (!net || !Array.isArray(net.layers) || net.layers.length < 2) throw new Error('expected a NetworkWeights with at least two layers');
    return net;
  } catch (err) {
    data.problems.push(`${relative} could not be read: ${(err as Error).message}`);
    return undefined;
  }
}
