/**
 * results/layout: where each file of a results directory lives (see the layout in ./types). One place, so that the
 * writer (the CLI) and every reader agree on names.
 */
import * as path from 'path';

export const CONFIG_FILE = 'config.json';
export const SUMMARY_FILE = 'summary.json';
export const TRIALS_DIR = 'trials';
export const WEIGHTS_DIR = 'weights';
export const TEACHERS_DIR = 'teachers';
export const GROUPS_CSV = 'groups.csv';
export const TRIALS_CSV = 'trials.csv';
export const CURVES_CSV = 'curves.csv';
/** Written by classification runs only: test accuracy against the fraction of nodes removed, per ranking. */
export const ACCURACY_CSV = 'accuracy.csv';
export const FINGERPRINT_FILE = 'fingerprint.json';
export const CLAIMS_DIR = 'claims';

/** A trial or unit id must be a safe file name: letters, digits, '-', '_', '.'. */
export function assertSafeId(id: string): string {
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(id)) {
    throw new Error(`results/layout: '${id}' is not a safe id (use letters, digits, '.', '_' and '-' only)`);
  }
  return id;
}

/** The weights file of trial `id`, relative to the results directory (TrialRecord.weightsFile). */
export function weightsRelative(id: string): string {
  return `${WEIGHTS_DIR}/${assertSafeId(id)}.json`;
}

/** Absolute paths of the files of a results directory. */
export function resultsPaths(dir: string) {
  const root = path.resolve(dir);
  return {
    root,
    config: path.join(root, CONFIG_FILE),
    summary: path.join(root, SUMMARY_FILE),
    trialsDir: path.join(root, TRIALS_DIR),
    weightsDir: path.join(root, WEIGHTS_DIR),
    teachersDir: path.join(root, TEACHERS_DIR),
    groupsCsv: path.join(root, GROUPS_CSV),
    trialsCsv: path.join(root, TRIALS_CSV),
    curvesCsv: path.join(root, CURVES_CSV),
    accuracyCsv: path.join(root, ACCURACY_CSV),
    /** What computed the results (version, config hash, plugin hashes): a resume must match it. */
    fingerprint: path.join(root, FINGERPRINT_FILE),
    /** Claims of units being trained, and the lock of the summary, shared by every process on the directory. */
    claimsDir: path.join(root, CLAIMS_DIR),
    trial: (id: string) => path.join(root, TRIALS_DIR, `${assertSafeId(id)}.json`),
    /** The trained weights of trial `id` (absolute); `weightsRelative(id)` is the same file as stored in the record. */
    weights: (id: string) => path.join(root, weightsRelative(id)),
    /** Relative to the results directory, as stored in TrialRecord.weightsFile. */
    weightsRelative,
    /** Relative to the results directory, as stored in Summary.teacherWeightsFiles. */
    teacherRelative: (index: number) => `${TEACHERS_DIR}/t${index}.json`,
  };
}
