/**
 * teacher-student/presets/experiment-description: the plain object that describes one experiment (teacher, data,
 * student sizes and variants, epochs, trials, seed), and its validation. The CLI reads configs of exactly this shape.
 */
import { checkObject, checkPositiveInteger, checkSeed, checkWidths, fail, rejectUnknownFields } from '../errors';
import { DATA_DEFAULTS, resolveDataConfig, type ResolvedDataConfig } from '../experiment-data';
import { createTeacher } from '../teachers/registry';
import type { TeacherConfig } from '../teachers/teacher';

/** One experiment. Per-variant learning rate and batch size are not here: the training strategies default them (method spec §3). */
export interface ExperimentDescription {
  /** Short identifier, e.g. 'paper'. */
  name: string;
  /** One or two sentences for listings and reports. */
  description: string;
  /** The teacher config (see createTeacher). */
  teacher: TeacherConfig;
  /** Data sizes and the data seed (see makeTestSet / makeTrialData). */
  data: ResolvedDataConfig;
  students: {
    /** First-hidden-layer widths N1 to sweep. */
    hidden: number[];
    /** Training strategies (registered in @spectral-ts/training), e.g. ['spectral', 'direct']. */
    variants: string[];
  };
  training: {
    /** Epochs per run (method spec §3: 2000). */
    epochs: number;
  };
  /** Trials per (N1, variant); each trial has its own training set and initial weights. */
  trials: number;
  /** Base seed of the students' initial weights (see studentSeed) and of anything else the run derives. */
  seed: number;
}

const FIELDS = ['name', 'description', 'teacher', 'data', 'students', 'training', 'trials', 'seed'] as const;

/**
 * Checks every field of an experiment description (including that the teacher config builds) and returns it.
 * Errors read `teacher-student/validateExperiment: <field> ... (<fix>)`.
 */
export function validateExperiment(description: ExperimentDescription): ExperimentDescription {
  const fn = 'validateExperiment';
  const d = checkObject(fn, 'the experiment description', description);
  rejectUnknownFields(fn, 'the experiment description', d, FIELDS);
  if (typeof d.name !== 'string' || !/^[a-z0-9][a-z0-9-]*$/.test(d.name)) {
    fail(
      fn,
      `name must be a lower-case identifier like 'paper-mini', got ${JSON.stringify(d.name)} (use letters, digits and '-')`,
    );
  }
  if (typeof d.description !== 'string')
    fail(fn, `description must be a string (say in a sentence what the experiment shows)`);
  const teacher = checkObject(fn, 'teacher', d.teacher);
  try {
    createTeacher(teacher as TeacherConfig);
  } catch (e) {
    fail(fn, `teacher is invalid: ${(e as Error).message}`);
  }
  const data = checkObject(fn, 'data', d.data);
  const dataFields = Object.keys(DATA_DEFAULTS);
  rejectUnknownFields(fn, 'data', data, dataFields);
  for (const field of dataFields) {
    if (data[field] === undefined)
      fail(fn, `data.${field} is missing (write every data field: train, test, validationSplit, seed)`);
  }
  resolveDataConfig(data, fn);
  const students = checkObject(fn, 'students', d.students);
  rejectUnknownFields(fn, 'students', students, ['hidden', 'variants']);
  const hidden = checkWidths(fn, 'students.hidden', students.hidden, 'widths N1, e.g. [40, 200]');
  if (new Set(hidden).size !== hidden.length)
    fail(fn, `students.hidden has repeated widths ${JSON.stringify(hidden)} (list each N1 once)`);
  if (
    !Array.isArray(students.variants) ||
    students.variants.length === 0 ||
    !students.variants.every((v) => typeof v === 'string' && v.length > 0)
  ) {
    fail(
      fn,
      `students.variants must be a non-empty array of strategy names, got ${JSON.stringify(students.variants)} (e.g. ['spectral', 'direct'])`,
    );
  }
  if (new Set(students.variants).size !== students.variants.length)
    fail(fn, `students.variants has repeats ${JSON.stringify(students.variants)} (list each variant once)`);
  const training = checkObject(fn, 'training', d.training);
  rejectUnknownFields(fn, 'training', training, ['epochs']);
  checkPositiveInteger(fn, 'training.epochs', training.epochs, 'e.g. 2000, method spec §3');
  checkPositiveInteger(fn, 'trials', d.trials, 'e.g. 30');
  checkSeed(fn, 'seed', d.seed);
  return description;
}
