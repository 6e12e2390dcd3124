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
/** Written by `spectral report`: the page, the same numbers as Markdown, the figures and the LaTeX tables. */
export const REPORT_HTML = 'report.html';
export const REPORT_MD = 'report.md';
export const FIGURES_DIR = 'figures';
export const TABLES_DIR = 'tables';
/** Written by `spectral compare --out DIR`, which may be one of the compared results directories. */
export const COMPARE_HTML = 'compare.html';
export const COMPARE_MD = 'compare.md';
export const COMPARE_JSON = 'compare.json';
/** Written when the config's output asks: each trial's graphs, and each trial's training and validation sets. */
export const GRAPHS_DIR = 'graphs';
export const DATA_DIR = 'data';
/** `spectral slurm`'s batch scripts and the logs of its tasks. */
export const SLURM_DIR = 'slurm';
/** The start of the empty file a process writes and removes at once to check that a directory is writable. */
export const WRITE_PROBE_PREFIX = '.write-probe-';

/**
 * A folder of a results directory: the files and the folders (with their own rule) it may hold, none without; or,
 * `whole`, a folder of spectral-ts's own whose contents are not inspected.
 */
export interface FolderRule {
  whole?: boolean;
  files?: (name: string) => boolean;
  folders?: (name: string) => FolderRule | undefined;
}

const WHOLE: FolderRule = { whole: true };
const ROOT_FILES = new Set([
  ...[CONFIG_FILE, FINGERPRINT_FILE, SUMMARY_FILE, GROUPS_CSV, TRIALS_CSV, CURVES_CSV, ACCURACY_CSV],
  ...[REPORT_HTML, REPORT_MD, COMPARE_HTML, COMPARE_MD, COMPARE_JSON],
]);
/** What file browsers leave in folders (macOS Finder, Windows Explorer): nobody's data, allowed anywhere. */
export const OS_METADATA_FILES: ReadonlySet<string> = new Set(['.DS_Store', 'Thumbs.db', 'desktop.ini']);
/** DATA_DIR/t<teacher>/: the teacher's test set, and in trial<k>/ each trial's training and validation sets. */
const TRIAL_DATA: FolderRule = { files: (n) => /^(train|validation)_[xy]\.npy$/.test(n) };
const TEACHER_DATA: FolderRule = {
  files: (n) => /^test_[xy]\.npy$/.test(n),
  folders: (n) => (/^trial\d+$/.test(n) ? TRIAL_DATA : undefined),
};
// Folders whose names only spectral-ts uses are taken whole (exports of weights sit next to them, logs in slurm/);
// those a user's own project has too (figures, tables, data) may hold only what spectral-ts writes there.
const ROOT_FOLDERS = new Map<string, FolderRule>([
  ...[TRIALS_DIR, WEIGHTS_DIR, TEACHERS_DIR, CLAIMS_DIR, GRAPHS_DIR, SLURM_DIR].map((n) => [n, WHOLE] as const),
  [FIGURES_DIR, { files: (n) => /^[A-Za-z0-9][\w.-]*\.(svg|png|pdf|vl\.json)$/.test(n) }],
  [TABLES_DIR, { files: (n) => /^[A-Za-z0-9][\w.-]*\.tex$/.test(n) }],
  [DATA_DIR, { folders: (n) => (/^t\d+$/.test(n) ? TEACHER_DATA : undefined) }],
]);

/**
 * What the root of a results directory may hold: the files and folders spectral-ts writes there (`spectral run`,
 * `report`, `slurm`, and `export`'s default next to the weights), the write probes of running processes; anything
 * else is someone else's. Temporaries of atomic writes are judged by the name they are being written as.
 */
export const RESULTS_ROOT: FolderRule = {
  files: (n) => ROOT_FILES.has(n) || n.startsWith(WRITE_PROBE_PREFIX),
  folders: (n) => ROOT_FOLDERS.get(n),
};

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
