/**
 * cli/run-checks: what `spectral run` checks after the config is resolved and before it writes anything: that --out
 * is on a real file system and holds nothing spectral-ts did not write, that the teacher's labels are numbers a
 * network can learn, and (a warning) that the students can reach the labels at all. Also the removal of the
 * leftovers of interrupted writes, limited to the files spectral-ts writes.
 */
import * as fs from 'fs';
import * as path from 'path';
import {
  foreignEntries,
  removeTemporaryFiles,
  resultsPaths,
  RESULTS_ROOT,
  temporaryTarget,
} from '@spectral-ts/results';
import { LABEL_VARIANCE_RANGE } from '@spectral-ts/training';
import type { ResolvedConfig } from './config/resolve';
import { usage } from './errors';
import type { ProgressIo } from './progress';
import { teacherContext } from './run-unit';
import { studentFor } from './student-for';

/**
 * statfs magic numbers of kernel pseudo-file systems (linux/magic.h): files there are views of the kernel, not
 * storage; writing results there fails in odd ways or never returns.
 */
const PSEUDO_FILESYSTEMS: Record<number, string> = {
  0x9fa0: 'proc',
  0x62656572: 'sysfs',
  0x1cd1: 'devpts',
  0x27e0eb: 'cgroup',
  0x63677270: 'cgroup2',
  0x64626720: 'debugfs',
  0x74726163: 'tracefs',
  0x73636673: 'securityfs',
  0xcafe4a11: 'bpf',
  0x62656570: 'configfs',
  0x6165676c: 'pstore',
  0xde5e81e4: 'efivarfs',
  0x65735543: 'fusectl',
  0x42494e4d: 'binfmt_misc',
  0x19800202: 'mqueue',
  0x6e736673: 'nsfs',
};

/** Directories whose contents are devices or kernel state even when statfs cannot tell (devtmpfs reports tmpfs). */
const PSEUDO_ROOTS = ['/proc', '/sys', '/dev'];
const PSEUDO_EXCEPTIONS = ['/dev/shm'];

function within(dir: string, root: string): boolean {
  return dir === root || dir.startsWith(root + path.sep);
}

/** The pseudo-file system `dir` (or its nearest existing ancestor) lies on, or undefined for real storage. */
export function pseudoFilesystem(dir: string): string | undefined {
  let probe = path.resolve(dir);
  const real = (() => {
    for (;;) {
      try {
        return fs.realpathSync(probe);
      } catch {
        const up = path.dirname(probe);
        if (up === probe) return probe;
        probe = up;
      }
    }
  })();
  if (!PSEUDO_EXCEPTIONS.some((e) => within(real, e))) {
    const root = PSEUDO_ROOTS.find((r) => within(real, r));
    if (root) return root.slice(1);
  }
  try {
    const type = Number(fs.statfsSync(real).type);
    return PSEUDO_FILESYSTEMS[type];
  } catch {
    return undefined;
  }
}

function quoted(entries: string[], total: number): string {
  const shown = entries.map((n) => JSON.stringify(n)).join(', ');
  return total > entries.length ? `${shown} and ${total - entries.length} more` : shown;
}

/**
 * Refuses an --out on a pseudo-file system, or one that holds anything a results directory may not (results'
 * RESULTS_ROOT): someone else's files, which a run would mix its own with or overwrite. Runs before any work.
 */
export function checkOutputDirectory(out: string): void {
  const paths = resultsPaths(out);
  const pseudo = pseudoFilesystem(paths.root);
  if (pseudo) {
    usage(
      'run',
      `--out ${paths.root} is on the ${pseudo} pseudo-file system, which holds kernel state, not files (choose a directory on a disk, e.g. --out results/run1)`,
    );
  }
  const entries = foreignEntries(paths.root, 4);
  if (entries.length === 0) return;
  const total = entries.length > 3 ? foreignEntries(paths.root).length : entries.length;
  if (!fs.existsSync(paths.config)) {
    usage(
      'run',
      `${paths.root} is not empty and is not a results directory (no config.json; it holds ` +
        `${quoted(entries.slice(0, 3), total)}); choose a new or empty --out directory, so that nothing of yours is ` +
        'overwritten or removed',
    );
  }
  const first = JSON.stringify(entries[0]);
  const others = total > 1 ? ` (and ${quoted(entries.slice(1, 3), total - 1)})` : '';
  usage(
    'run',
    `${paths.root} has a config.json but also holds ${first}${others}, which spectral-ts does not write into a ` +
      'results directory: the run would mix its files with yours or overwrite them. Choose another --out ' +
      `directory, or move ${first} out of ${paths.root}`,
  );
}

/**
 * Refuses labels that are not finite numbers, do not vary, or vary on a scale float32 training cannot judge
 * (training's LABEL_VARIANCE_RANGE); warns when the students cannot reach the labels.
 */
export function checkTeacherLabels(config: ResolvedConfig, io?: ProgressIo): void {
  config.teachers.forEach((t, i) => {
    const field = config.teachers.length > 1 ? `teachers[${i}]` : 'teacher';
    const { testSet, ref } = teacherContext(config, i);
    const y = testSet.y;
    for (let r = 0; r < y.length; r++) {
      if (!Number.isFinite(y[r])) {
        usage(
          'run',
          `${field} (kind '${t.kind}') gives the label ${y[r]} for test row ${r}: labels must be finite numbers (fix the teacher, e.g. its plugin's label function)`,
        );
      }
    }
    if (!(ref.labelVariance > 0) || !Number.isFinite(ref.labelVariance)) {
      usage(
        'run',
        `${field} (kind '${t.kind}') gives test labels of variance ${ref.labelVariance}: the variance scales every MSE tolerance and must be a positive finite number (use a teacher whose labels vary)`,
      );
    }
    const { min, max } = LABEL_VARIANCE_RANGE;
    if (ref.labelVariance > max || ref.labelVariance < min) {
      const v = ref.labelVariance.toExponential(2);
      const bound = ref.labelVariance > max ? `above ${max.toExponential(2)}` : `below ${min.toExponential(2)}`;
      usage(
        'run',
        `${field} (kind '${t.kind}') gives test labels of variance ${v}, ${bound}: float32 training cannot tell a ` +
          'working network from a diverged one at that scale, so every trial would end diverged (rescale the ' +
          "labels to order one, e.g. in the teacher's config or its plugin's label function)",
      );
    }
    let student: ReturnType<typeof studentFor>;
    try {
      student = studentFor(config.students, teacherContext(config, i).shape, config.students.hidden[0], 0);
    } catch {
      return; // a plugin teacher the paper student is not built for: the run reports its own error
    }
    const out = student.layers[student.layers.length - 1];
    const before = student.layers[student.layers.length - 2];
    const nonNegative =
      before?.activation === 'relu' &&
      out.kind === 'dense' &&
      !out.bias &&
      out.kernel.every((row) => row.every((w) => w >= 0));
    if (!nonNegative) return;
    let negative = 0;
    let floor = 0;
    for (let r = 0; r < y.length; r++) {
      if (y[r] < 0) {
        negative++;
        floor += y[r] * y[r];
      }
    }
    floor /= y.length;
    if (negative / y.length > 0.05) {
      const warn = io?.err ?? ((s: string) => process.stderr.write(s));
      warn(
        `spectral run: warning: ${((100 * negative) / y.length).toFixed(0)}% of the test labels of ${field} (kind '${t.kind}') are negative, but the ` +
          `students end in ReLU units summed by a frozen all-ones output and never predict a negative value: every ` +
          `test MSE will be at least ${floor.toPrecision(3)} (${((100 * floor) / ref.labelVariance).toFixed(0)}% of Var(y)) ` +
          `(use a teacher with non-negative labels, such as kind 'nn')\n`,
      );
    }
  });
}

/** Everything `spectral run` checks between resolving the config and writing the first file. */
export function checkBeforeWriting(config: ResolvedConfig, out: string, io?: ProgressIo): void {
  checkOutputDirectory(out);
  checkTeacherLabels(config, io);
}

/**
 * Removes the leftovers of interrupted atomic writes, and only those of files spectral-ts writes: JSON files in its
 * own subfolders, and its named files at the root. A user's file that happens to look like a temporary survives.
 */
export function removeOwnTemporaryFiles(paths: ReturnType<typeof resultsPaths>): void {
  // Only leftovers of dead writers, too: other processes may be writing into the same directory right now.
  const json = (n: string) => /^\.[A-Za-z0-9][A-Za-z0-9._-]*\.json\./.test(n);
  for (const dir of [paths.trialsDir, paths.weightsDir, paths.teachersDir]) {
    removeTemporaryFiles(dir, { onlyAbandoned: true, matching: json });
  }
  const rootFile = (n: string) => RESULTS_ROOT.files?.(temporaryTarget(n) ?? '') === true;
  removeTemporaryFiles(paths.root, { onlyAbandoned: true, matching: rootFile });
}
