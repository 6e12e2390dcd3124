/**
 * results/read-results: loads a results directory (config, trial records, summary) and checks that each file has
 * the shape of the contract, with an error naming the file and the field when it does not.
 */
import * as fs from 'fs';
import * as path from 'path';
import { isTemporaryFile, sha256File } from './atomic-write';
import { resultsPaths } from './layout';
import type { Summary, TrialRecord } from './types';
import { READABLE_SCHEMA_VERSIONS, RESULTS_SCHEMA_VERSION } from './types';

function fail(message: string): never {
  throw new Error(`results/readResults: ${message}`);
}

/** Reads and parses a JSON file, with an error naming the file. */
export function readJsonFile(file: string): unknown {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    fail(
      `cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message} (check the path and permissions)`,
    );
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    fail(`${file} is not valid JSON: ${(err as Error).message} (delete it and rerun with --resume to recompute it)`);
  }
}

type Check = [field: string, ok: (v: unknown) => boolean, expected: string];
const isNum = (v: unknown) => typeof v === 'number' && Number.isFinite(v);
const isInt = (v: unknown) => Number.isInteger(v);
const isStr = (v: unknown) => typeof v === 'string';
const isArr = (v: unknown) => Array.isArray(v);
const isObj = (v: unknown) => typeof v === 'object' && v !== null && !Array.isArray(v);
const isReadableVersion = (v: unknown) => READABLE_SCHEMA_VERSIONS.includes(v as number);
const readableVersions = READABLE_SCHEMA_VERSIONS.join(' or ');

const TRIAL_CHECKS: Check[] = [
  ['schemaVersion', isReadableVersion, readableVersions],
  ['id', isStr, 'a string'],
  ['teacher', isObj, 'an object'],
  ['variant', isStr, 'a string'],
  ['hidden', isInt, 'an integer'],
  ['trial', isInt, 'an integer'],
  ['seed', isNum, 'a number'],
  ['status', (v) => v === 'ok' || v === 'failed' || v === 'diverged', "'ok', 'failed' or 'diverged'"],
  ['history', isArr, 'an array'],
  ['scores', isArr, 'an array'],
  ['eigenvalues', isArr, 'an array'],
];
const OK_TRIAL_CHECKS: Check[] = [
  ['trainMse', isNum, 'a finite number'],
  ['testMse', isNum, 'a finite number'],
  ['validationMse', (v) => v === null || isNum(v), 'a finite number or null (no validation rows)'],
  ['averageDimensionPerTrial', isInt, 'an integer'],
];
const FAILED_TRIAL_CHECKS: Check[] = [
  ['reason', isStr, 'a string saying why the trial failed'],
  ['trainMse', (v) => v === null, 'null (a failed trial measured nothing)'],
  ['testMse', (v) => v === null, 'null (a failed trial measured nothing)'],
  ['validationMse', (v) => v === null, 'null (a failed trial measured nothing)'],
  ['averageDimensionPerTrial', (v) => v === null, 'null (a failed trial measured nothing)'],
];
const isFraction = (v: unknown) => isNum(v) && (v as number) >= 0 && (v as number) <= 1;
const isCurve = (v: unknown): boolean => {
  if (!isObj(v)) return false;
  const c = v as Record<string, unknown>;
  return (
    isStr(c.ranking) &&
    isInt(c.layerIndex) &&
    isInt(c.units) &&
    isArr(c.points) &&
    (c.points as Record<string, unknown>[]).every((p) => isObj(p) && isFraction(p.fraction) && isFraction(p.accuracy))
  );
};
const CLASSIFICATION_CHECKS: Check[] = [
  ['dataset', isStr, 'a string'],
  ['classes', isInt, 'an integer'],
  ['trainAccuracy', isFraction, 'a number in [0, 1]'],
  ['validationAccuracy', (v) => v === null || isFraction(v), 'a number in [0, 1] or null (no validation rows)'],
  ['testAccuracy', isFraction, 'a number in [0, 1]'],
  ['testCrossEntropy', isNum, 'a finite number'],
  [
    'accuracyCurves',
    (v) => isArr(v) && (v as unknown[]).every(isCurve),
    'a list of { ranking, layerIndex, units, points: [{ fraction, accuracy }] }, fractions and accuracies in [0, 1]',
  ],
];
const TEACHER_CHECKS: Check[] = [
  ['index', isInt, 'an integer'],
  ['kind', isStr, 'a string'],
  ['hidden', isArr, 'an array'],
  ['size', isNum, 'a number'],
];
const SUMMARY_CHECKS: Check[] = [
  ['schemaVersion', isReadableVersion, readableVersions],
  ['backend', isStr, 'a string'],
  ['workers', isInt, 'an integer'],
  ['wallSeconds', isNum, 'a number'],
  ['trialsTotal', isInt, 'an integer'],
  ['trialsFinished', isInt, 'an integer'],
  ['trialsFailed', isInt, 'an integer'],
  ['groups', isArr, 'an array'],
];

function check(file: string, value: unknown, checks: Check[], prefix = ''): void {
  if (!isObj(value)) fail(`${file} does not hold a JSON object (it is not a file of a results directory)`);
  const obj = value as Record<string, unknown>;
  for (const [field, ok, expected] of checks) {
    if (!ok(obj[field])) {
      fail(
        `${file}: field '${prefix}${field}' should be ${expected}, got ${JSON.stringify(obj[field])} (the file was written by another version or edited; rerun the experiment into a new directory)`,
      );
    }
  }
}

/**
 * A schema-1 record in schema 2: its "not measured" -1 MSEs (failed trials, no validation rows) become null, and a
 * failed trial's average dimension 0 becomes null. Every other field kept its meaning.
 */
function upgradeSchema1(record: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...record, schemaVersion: RESULTS_SCHEMA_VERSION };
  if (record.status === 'ok') {
    if (record.validationMse === -1) out.validationMse = null;
  } else {
    Object.assign(out, { trainMse: null, validationMse: null, testMse: null, averageDimensionPerTrial: null });
  }
  return out;
}

/**
 * Checks a parsed value against the TrialRecord contract; returns it typed (a schema-1 record converted to the
 * current schema). `file` is used in the error.
 */
export function validateTrialRecord(value: unknown, file = 'trial record'): TrialRecord {
  check(file, value, TRIAL_CHECKS);
  const raw = value as Record<string, unknown>;
  const current = raw.schemaVersion === 1 ? upgradeSchema1(raw) : raw;
  check(file, current.teacher, TEACHER_CHECKS, 'teacher.');
  check(file, current, current.status === 'ok' ? OK_TRIAL_CHECKS : FAILED_TRIAL_CHECKS);
  if (current.status === 'ok' && current.classification !== undefined)
    check(file, current.classification, CLASSIFICATION_CHECKS, 'classification.');
  return current as unknown as TrialRecord;
}

/** Checks a parsed value against the Summary contract; returns it typed. */
export function validateSummary(value: unknown, file = 'summary'): Summary {
  check(file, value, SUMMARY_CHECKS);
  return value as Summary;
}

/** What reading a trials directory found. */
export interface TrialScan {
  records: TrialRecord[];
  /** Files that could not be read or did not validate, with the reason (only when `invalid: 'collect'`). */
  invalid: { file: string; reason: string }[];
}

/**
 * Reads every DIR/trials/*.json. With `invalid: 'throw'` (default) a bad file is an error; with 'collect' it is
 * returned in `invalid`, so that a resumed run can recompute it. Temporary files of interrupted writes are ignored.
 */
export function readTrialRecords(dir: string, options: { invalid?: 'throw' | 'collect' } = {}): TrialScan {
  const { trialsDir } = resultsPaths(dir);
  const scan: TrialScan = { records: [], invalid: [] };
  if (!fs.existsSync(trialsDir)) return scan;
  for (const name of fs.readdirSync(trialsDir).sort()) {
    if (!name.endsWith('.json') || isTemporaryFile(name)) continue;
    const file = path.join(trialsDir, name);
    try {
      const record = validateTrialRecord(readJsonFile(file), file);
      if (`${record.id}.json` !== name)
        fail(`${file} holds trial '${record.id}' (a trial file must be named after its id)`);
      scan.records.push(record);
    } catch (err) {
      if (options.invalid !== 'collect') throw err;
      scan.invalid.push({ file, reason: (err as Error).message });
    }
  }
  return scan;
}

/** A loaded results directory. */
export interface ResultsDirectory {
  dir: string;
  /** The resolved experiment config exactly as the CLI wrote it. */
  config: Record<string, unknown>;
  /** The summary, when the run has written one. */
  summary?: Summary;
  trials: TrialRecord[];
}

/** Loads and validates a results directory. Throws a named error when the directory or a file is missing or malformed. */
export function readResults(dir: string, options: { requireSummary?: boolean } = {}): ResultsDirectory {
  const paths = resultsPaths(dir);
  if (!fs.existsSync(paths.root) || !fs.statSync(paths.root).isDirectory()) {
    fail(`${paths.root} is not a directory (give the --out directory of a \`spectral run\`)`);
  }
  if (!fs.existsSync(paths.config))
    fail(`${paths.config} is missing (the directory is not a results directory of \`spectral run\`)`);
  const config = readJsonFile(paths.config);
  if (!isObj(config)) fail(`${paths.config} does not hold a JSON object`);
  let summary: Summary | undefined;
  if (fs.existsSync(paths.summary)) summary = validateSummary(readJsonFile(paths.summary), paths.summary);
  else if (options.requireSummary)
    fail(`${paths.summary} is missing (the run has not finished a trial yet; run it with --resume)`);
  const trials = readTrialRecords(dir).records;
  for (const record of trials) {
    const problem = weightsFileProblem(dir, record);
    if (problem) fail(`${problem} (rerun \`spectral run --out ${dir} --resume\` to recompute the trial)`);
  }
  return { dir: paths.root, config: config as Record<string, unknown>, summary, trials };
}

/**
 * Why the weights file of an ok trial cannot be trusted (missing, or its sha256 differs from the one its record
 * kept), or undefined when it can. Records written before weightsSha256 existed are checked for presence only.
 */
export function weightsFileProblem(dir: string, record: TrialRecord): string | undefined {
  if (record.status !== 'ok' || !record.weightsFile) return undefined;
  const file = path.join(resultsPaths(dir).root, record.weightsFile);
  let actual: string;
  try {
    actual = sha256File(file);
  } catch (err) {
    return `trial ${record.id}: its weights file ${file} cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`;
  }
  if (record.weightsSha256 !== undefined && actual !== record.weightsSha256) {
    return `trial ${record.id}: its weights file ${file} is damaged (sha256 ${actual.slice(0, 12)}, the record kept ${record.weightsSha256.slice(0, 12)})`;
  }
  return undefined;
}

/** Loads the trained weights a trial record points to (NetworkWeights JSON). */
export function readTrialWeights(dir: string, record: TrialRecord): unknown {
  if (record.status !== 'ok' || !record.weightsFile) {
    fail(`trial ${record.id} has no weightsFile (the run did not save weights for it)`);
  }
  return readJsonFile(path.join(resultsPaths(dir).root, record.weightsFile));
}
