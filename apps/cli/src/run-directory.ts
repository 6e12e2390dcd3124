/**
 * cli/run-directory: prepares the results directory of a run, new or resumed, and keeps it to one experiment. A new
 * directory gets config.json and fingerprint.json (what computes its numbers: spectral-ts version, resolved-config
 * sha256, plugin sha256s; every trial record carries the same fingerprint). A resumed one must match that
 * fingerprint: any difference is refused, naming it. An edited config.json no longer hashes to the fingerprint and
 * is refused; a damaged or edited config.json is repaired by giving the original config again with --resume, which
 * is accepted when it matches the fingerprint of the directory (or of its trial records).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import {
  isTemporaryFile,
  readJsonFile,
  resultsPaths,
  validateTrialRecord,
  writeJsonAtomic,
  WRITE_PROBE_PREFIX,
} from '@spectral-ts/results';
import { configDifferences, type ResolvedConfig } from './config/resolve';
import { usage, UsageError } from './errors';
import { fingerprintDifferences, fingerprintRun, isRunFingerprint, type RunFingerprint } from './fingerprint';

/** The fingerprint a results directory keeps in fingerprint.json, if readable. */
export function storedFingerprint(dir: string): RunFingerprint | undefined {
  try {
    const v = readJsonFile(resultsPaths(dir).fingerprint);
    return isRunFingerprint(v) ? v : undefined;
  } catch {
    return undefined;
  }
}

/** The fingerprint of the first readable trial record that has one (the fallback when fingerprint.json is lost). */
export function recordsFingerprint(dir: string): RunFingerprint | undefined {
  const { trialsDir } = resultsPaths(dir);
  if (!fs.existsSync(trialsDir)) return undefined;
  for (const name of fs.readdirSync(trialsDir).sort()) {
    if (!name.endsWith('.json') || isTemporaryFile(name)) continue;
    try {
      const fp = validateTrialRecord(readJsonFile(path.join(trialsDir, name))).fingerprint;
      if (isRunFingerprint(fp)) return fp;
    } catch {
      /* a damaged record says nothing */
    }
  }
  return undefined;
}

/** The directory's config.json, or undefined when it is damaged. */
function readStoredConfig(file: string): unknown {
  try {
    return readJsonFile(file);
  } catch {
    return undefined;
  }
}

function checkWritable(root: string): void {
  try {
    fs.mkdirSync(root, { recursive: true });
    const probe = path.join(root, `${WRITE_PROBE_PREFIX}${os.hostname()}-${process.pid}`);
    fs.writeFileSync(probe, '');
    fs.rmSync(probe);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
    usage('run', `cannot write to the output directory ${root}: ${code} (choose a writable --out directory)`);
  }
}

function listed(diffs: string[]): string {
  return diffs.slice(0, 3).join('; ') + (diffs.length > 3 ? `; and ${diffs.length - 3} more` : '');
}

/**
 * Checks a directory that already holds config.json against this run; repairs config.json and fingerprint.json when
 * they are lost or edited and this run matches what computed the trials.
 */
function checkExisting(dir: string, config: ResolvedConfig, current: RunFingerprint, configFromDir: boolean): void {
  const paths = resultsPaths(dir);
  const stored = readStoredConfig(paths.config);
  const expected = storedFingerprint(dir) ?? recordsFingerprint(dir);
  const storedHash = stored === undefined ? undefined : fingerprintRun(stored, []).config;
  const fix = `use a new --out directory, or resume with what started the run: its spectral-ts version, config and plugins (spectral run --out ${dir} --resume)`;
  if (!expected) {
    // A directory from before fingerprints, or one without any trial yet: the config is all there is to compare.
    if (stored !== undefined) {
      const diffs = configDifferences(stored, config);
      if (diffs.length > 0) {
        usage(
          'run',
          `${paths.root} holds results of a different config (${listed(diffs)}). Resuming would mix two experiments: ${fix}.`,
        );
      }
    }
    if (stored === undefined) writeJsonAtomic(paths.config, config);
    writeJsonAtomic(paths.fingerprint, current);
    return;
  }
  const edited = stored !== undefined && storedHash !== expected.config;
  const diffs = fingerprintDifferences(expected, current);
  if (diffs.length > 0) {
    if (configFromDir && edited) {
      usage(
        'run',
        `${paths.config} was edited after the run started (its sha256 no longer matches ${paths.fingerprint} and the trial records), so resuming would mix two experiments. Restore it, or give the original config again: spectral run --config ORIGINAL --out ${dir} --resume.`,
      );
    }
    const detail =
      stored !== undefined && !edited
        ? [...configDifferences(stored, config), ...diffs.filter((d) => !d.startsWith('resolved config'))]
        : diffs;
    usage(
      'run',
      `${paths.root} holds results of a different ${diffs.every((d) => d.startsWith('resolved config')) ? 'config' : 'run'} (${listed(detail.length ? detail : diffs)}). Resuming would mix two experiments: ${fix}.`,
    );
  }
  // This run is the one that computed the trials: repair what was lost or edited.
  if (stored === undefined || edited) writeJsonAtomic(paths.config, config);
  if (!storedFingerprint(dir)) writeJsonAtomic(paths.fingerprint, current);
}

/**
 * Creates the results directory or checks that it holds this run. `configFromDir`: the config was read from the
 * directory's own config.json (a resume without --config). Safe when several processes start on one DIR at once.
 */
export function prepareRunDirectory(
  dir: string,
  config: ResolvedConfig,
  current: RunFingerprint,
  configFromDir: boolean,
): { resumed: boolean } {
  const paths = resultsPaths(dir);
  checkWritable(paths.root);
  if (!fs.existsSync(paths.config)) {
    const entries = fs.readdirSync(paths.root).filter((n) => !n.startsWith('.'));
    // Another process starting on the same directory may have written config.json since the check above.
    if (entries.length > 0 && !fs.existsSync(paths.config)) {
      usage(
        'run',
        `${paths.root} is not empty and is not a results directory (no config.json); choose a new or empty --out directory`,
      );
    }
    if (entries.length === 0) {
      writeJsonAtomic(paths.config, config);
      writeJsonAtomic(paths.fingerprint, current);
      return { resumed: false };
    }
  }
  checkExisting(dir, config, current, configFromDir);
  return { resumed: true };
}

/** The message for a resume whose config.json cannot be read. */
export function damagedConfigMessage(dir: string, reason: string): string {
  const file = resultsPaths(dir).config;
  return `${file} is damaged (${reason}). Recover it by giving the original config again: spectral run --config ORIGINAL --out ${dir} --resume (accepted when ORIGINAL matches the fingerprint of the trials already in the directory).`;
}

/** A results directory opened for merging or inspection: its resolved config, fingerprint and planned units. */
export interface OpenedRunDirectory {
  root: string;
  config: ResolvedConfig;
  fingerprint?: RunFingerprint;
}

/**
 * Opens a results directory written by `spectral run` (bad input, exit 2, when it is not one, or when its
 * config.json is damaged or was edited after the run started).
 */
export function openRunDirectory(dir: string, where: string): OpenedRunDirectory {
  const paths = resultsPaths(dir);
  if (!fs.existsSync(paths.config)) {
    usage(
      where,
      `${paths.root} is not a results directory (no config.json; give the --out directory of a \`spectral run\`)`,
    );
  }
  const config = readStoredConfig(paths.config);
  if (typeof config !== 'object' || config === null || Array.isArray(config)) {
    usage(where, damagedConfigMessage(dir, 'it does not parse as a JSON object'));
  }
  const fingerprint = storedFingerprint(dir) ?? recordsFingerprint(dir);
  if (fingerprint && fingerprintRun(config, []).config !== fingerprint.config) {
    usage(
      where,
      `${paths.config} was edited after the run started (its sha256 no longer matches the fingerprint of the trials); restore it, or rerun with --config ORIGINAL --resume`,
    );
  }
  return { root: paths.root, config: config as ResolvedConfig, fingerprint };
}

/**
 * A failed write into the results directory because of the file system (full, over quota, read-only, not
 * permitted) is a problem with --out, reported like bad input (exit 2) with the write's own message, which names
 * the directory. Anything else is returned unchanged.
 */
export function asOutputError(err: unknown): unknown {
  const code = (err as { code?: string; name?: string })?.code;
  if ((err as Error)?.name === 'WriteError' && ['ENOSPC', 'EDQUOT', 'EROFS', 'EACCES', 'EPERM'].includes(code ?? '')) {
    return new UsageError(`cli/run: ${(err as Error).message}`);
  }
  return err;
}
