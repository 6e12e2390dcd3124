/**
 * cli/student-for: the initial student of a run, in one place for training, planning and the pre-run checks: the
 * paper's chain (method spec §3) when the config gives only `students.hidden`, else the hidden layers of
 * `students.layers` (the first one's width N1 taken from the swept `students.hidden`) followed by the paper's
 * frozen linear output layer. Both are built by teacher-student's buildStudent.
 */
import type { NetworkWeights } from '@spectral-ts/spectral';
import {
  buildPaperStudentFor,
  buildStudent,
  paperStudentLayers,
  type StudentLayerKind,
  type StudentLayerSpec,
} from '@spectral-ts/teacher-student';

/** A hidden layer as the config writes it: its kind as the only key, its width as the value, e.g. { spectral: 16 }. */
export type ConfigLayer = Partial<Record<StudentLayerKind, number>>;

/** The kind and width of a config layer (the schema has checked it has exactly one known key). */
export function configLayerSpec(layer: ConfigLayer): { kind: StudentLayerKind; units: number } {
  const [kind, units] = Object.entries(layer)[0] as [StudentLayerKind, number];
  return { kind, units };
}

/** The hidden layers of the student, the first of width `hidden` (N1). */
export function hiddenLayerSpecs(layers: readonly ConfigLayer[], hidden: number): StudentLayerSpec[] {
  return layers.map((layer, k) => {
    const { kind, units } = configLayerSpec(layer);
    return { kind, units: k === 0 ? hidden : units, activation: 'relu' };
  });
}

/**
 * How many hidden layers the students of a config have: the paper's chain has two (N1 and h_2), a classifier without
 * students.layers one (`classifier`).
 */
export function hiddenLayerCount(students: { layers?: readonly ConfigLayer[] }, classifier = false): number {
  if (students.layers) return students.layers.length;
  return classifier ? 1 : paperStudentLayers({ hidden: 1 }).length - 1;
}

/** The kind of hidden layer `index` of the students of a config (the paper's chain: spectral N1, dense h_2). */
export function hiddenLayerKind(
  students: { layers?: readonly ConfigLayer[] },
  index: number,
  classifier = false,
): StudentLayerKind {
  if (students.layers) return configLayerSpec(students.layers[index]).kind;
  return classifier ? 'spectral' : paperStudentLayers({ hidden: 1 })[index].kind;
}

/**
 * The initial student of width N1 = `hidden` for `teacher`, drawn from `seed`. With `classes` (image data) it is a
 * classifier: the hidden layers (students.layers, or one spectral layer of N1, trained as the spectral or direct
 * variant like the paper's first layer) then a trained linear output of one logit per class.
 */
export function studentFor(
  students: { layers?: readonly ConfigLayer[] },
  teacher: { inputDim: number; hidden: readonly number[] },
  hidden: number,
  seed: number,
  classes?: number,
): NetworkWeights {
  if (classes !== undefined) {
    const hiddenLayers = hiddenLayerSpecs(students.layers ?? [{ spectral: hidden }], hidden);
    const logits: StudentLayerSpec = { kind: 'dense', units: classes, activation: 'linear' };
    return buildStudent([...hiddenLayers, logits], teacher.inputDim, seed);
  }
  if (!students.layers) return buildPaperStudentFor(teacher, hidden, seed);
  // The paper's output layer: Dense(1, all ones, linear, frozen) (method spec §3).
  const output = paperStudentLayers({ hidden: 1 }).slice(-1);
  return buildStudent([...hiddenLayerSpecs(students.layers, hidden), ...output], teacher.inputDim, seed);
}
