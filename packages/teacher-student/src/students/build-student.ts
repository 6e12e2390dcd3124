/**
 * teacher-student/students/build-student: initial student weights as NetworkWeights, from a list of layer specs
 * (any hidden layer spectral or dense) or the paper's 10-N1-h_2-1 chain (method spec §3).
 *
 * Pairing: the spectral and direct variants of one trial start from the SAME NetworkWeights (one call per trial).
 * Both use the spectral first layer; the direct variant only keeps lambdaOut frozen at 1 while training, which is
 * the training strategy's business (method spec §3: Direct = the same layer with lambda frozen, W = -phi).
 */
import { NETWORK_ACTIVATIONS, type Activation, type LayerWeights, type NetworkWeights } from '@spectral-ts/spectral';
import { checkChoice, checkObject, checkPositiveInteger, checkSeed, fail, rejectUnknownFields } from '../errors';
import { constantMatrix, glorotUniform } from '../init';
import { createRng, deriveSeed } from '../rng';
import { NN_TEACHER_DEFAULTS } from '../teachers/nn-teacher';

export const LAYER_KINDS = ['spectral', 'dense'] as const;
export const INITIALIZERS = ['glorot-uniform', 'ones', 'zeros'] as const;
export type StudentLayerKind = (typeof LAYER_KINDS)[number];
export type WeightInitializer = (typeof INITIALIZERS)[number];

/** One layer of a student. */
export interface StudentLayerSpec {
  /** Output width. */
  units: number;
  /** 'spectral' (phi, lambdaIn = 0, lambdaOut = 1; method spec §1) or 'dense'. */
  kind: StudentLayerKind;
  /** Default 'relu'. */
  activation?: Activation;
  /** Adds a zero-initialised bias. Default false (method spec §1, §3: no bias anywhere). */
  useBias?: boolean;
  /** False freezes the layer (written as `trainable: false` on the layer weights). Default true. */
  trainable?: boolean;
  /**
   * The initial direct kernel: 'glorot-uniform' U(-a, a), a = sqrt(6 / (fan_in + units)) (method spec §1, §3),
   * 'ones' or 'zeros'. For a spectral layer it sets phi = -kernel, so that W = -phi equals this kernel. Default
   * 'glorot-uniform'.
   */
  initializer?: WeightInitializer;
}

// method spec §2: the paper student copies the paper teacher's input width (10) and second hidden width h_2 (20).
const PAPER_INPUT_DIM = NN_TEACHER_DEFAULTS.inputDim;
const PAPER_TEACHER_SECOND = NN_TEACHER_DEFAULTS.hidden[1];

const SPEC_FIELDS = ['units', 'kind', 'activation', 'useBias', 'trainable', 'initializer'] as const;

function checkSpec(spec: unknown, k: number): Required<StudentLayerSpec> {
  const fn = 'buildStudent';
  const s = checkObject(fn, `layer spec ${k}`, spec);
  rejectUnknownFields(fn, `layer spec ${k}`, s, SPEC_FIELDS);
  const bool = (field: string, v: unknown, dflt: boolean): boolean => {
    if (v === undefined) return dflt;
    if (typeof v !== 'boolean')
      fail(
        fn,
        `layers[${k}].${field} must be true or false, got ${JSON.stringify(v)} (drop it for the default ${dflt})`,
      );
    return v;
  };
  return {
    units: checkPositiveInteger(fn, `layers[${k}].units`, s.units, 'give every layer a positive width'),
    kind: checkChoice(fn, `layers[${k}].kind`, s.kind, LAYER_KINDS),
    activation: checkChoice(fn, `layers[${k}].activation`, s.activation ?? 'relu', NETWORK_ACTIVATIONS),
    useBias: bool('useBias', s.useBias, false),
    trainable: bool('trainable', s.trainable, true),
    initializer: checkChoice(fn, `layers[${k}].initializer`, s.initializer ?? 'glorot-uniform', INITIALIZERS),
  };
}

/**
 * Builds a student inputDim -> layers[0] -> layers[1] -> ... Layer k draws from deriveSeed(seed, 'student-layer', k)
 * only, so the same seed gives identical weights, and a layer's draw does not depend on how many numbers earlier
 * layers consumed. Every layer gets an explicit `trainable` flag; spectral layers start with lambdaIn = 0 and
 * lambdaOut = 1 (method spec §1).
 */
export function buildStudent(layers: readonly StudentLayerSpec[], inputDim: number, seed: number): NetworkWeights {
  const fn = 'buildStudent';
  if (!Array.isArray(layers) || layers.length === 0)
    fail(fn, "layers must be a non-empty array of layer specs (e.g. [{ units: 40, kind: 'spectral' }])");
  checkPositiveInteger(fn, 'inputDim', inputDim, "set it to the teacher's inputDim");
  checkSeed(fn, 'seed', seed);
  const out: LayerWeights[] = [];
  let fanIn = inputDim;
  layers.forEach((raw, k) => {
    const spec = checkSpec(raw, k);
    const rng = createRng(deriveSeed(seed, 'student-layer', k));
    const kernel =
      spec.initializer === 'glorot-uniform'
        ? glorotUniform(fanIn, spec.units, rng)
        : constantMatrix(fanIn, spec.units, spec.initializer === 'ones' ? 1 : 0);
    const bias = spec.useBias ? { bias: new Array<number>(spec.units).fill(0) } : {};
    if (spec.kind === 'spectral') {
      out.push({
        kind: 'spectral',
        // With lambdaIn = 0 and lambdaOut = 1, W = -phi (method spec §1): negate so W is the drawn kernel.
        phi: kernel.map((row) => row.map((v) => 0 - v)),
        lambdaIn: new Array<number>(fanIn).fill(0),
        lambdaOut: new Array<number>(spec.units).fill(1),
        ...bias,
        activation: spec.activation,
        trainable: spec.trainable,
      });
    } else {
      out.push({ kind: 'dense', kernel, ...bias, activation: spec.activation, trainable: spec.trainable });
    }
    fanIn = spec.units;
  });
  return { inputDim, layers: out };
}

/** Options of the paper's student (method spec §3). */
export interface PaperStudentOptions {
  /** Input width. Default 10. */
  inputDim?: number;
  /** N1, the width of the first hidden layer. Required. */
  hidden: number;
  /** h_2, the teacher's second hidden width, copied by the student's second layer. Default 20 (method spec §2). */
  teacherSecond?: number;
  /** The first layer's parametrisation. Default 'spectral' (used by both paper variants). */
  firstLayer?: StudentLayerKind;
}

/**
 * The paper's student as layer specs (method spec §3): Spectral(N1, ReLU, no bias) -> Dense(h_2, ReLU, Glorot, no
 * bias, trainable) -> Dense(1, all ones, linear, frozen).
 */
export function paperStudentLayers(options: PaperStudentOptions): StudentLayerSpec[] {
  const fn = 'buildPaperStudent';
  const o = checkObject(fn, 'options', options);
  rejectUnknownFields(fn, 'options', o, ['inputDim', 'hidden', 'teacherSecond', 'firstLayer']);
  const n1 = checkPositiveInteger(fn, 'hidden', options.hidden, 'set hidden to N1, e.g. 40');
  const h2 = checkPositiveInteger(
    fn,
    'teacherSecond',
    options.teacherSecond ?? PAPER_TEACHER_SECOND,
    "set it to the teacher's second hidden width, e.g. 20",
  );
  const first = checkChoice(fn, 'firstLayer', options.firstLayer ?? 'spectral', LAYER_KINDS);
  return [
    { units: n1, kind: first, activation: 'relu' },
    { units: h2, kind: 'dense', activation: 'relu' },
    { units: 1, kind: 'dense', activation: 'linear', initializer: 'ones', trainable: false },
  ];
}

/** The paper's student (method spec §3). One call per trial serves both the spectral and the direct variant. */
export function buildPaperStudent(options: PaperStudentOptions, seed: number): NetworkWeights {
  const inputDim = checkPositiveInteger(
    'buildPaperStudent',
    'inputDim',
    options?.inputDim ?? PAPER_INPUT_DIM,
    "set it to the teacher's inputDim",
  );
  return buildStudent(paperStudentLayers(options), inputDim, seed);
}

/**
 * The student seed of trial `trial` at first-layer width `hidden` in an experiment with base seed `seed`:
 * deriveSeed(seed, 'student', hidden, trial). Different sizes and trials get independent initial weights; both
 * variants of one (size, trial) share them.
 */
export function studentSeed(seed: number, hidden: number, trial: number): number {
  return deriveSeed(seed, 'student', hidden, trial);
}

/**
 * The paper's student for a given teacher: inputDim from the teacher, h_2 = the teacher's last hidden width when it
 * has at least two hidden layers (the `nn` teacher's [h_T, h_2] gives h_2), else 20 (method spec §2).
 */
export function buildPaperStudentFor(
  teacher: { inputDim: number; hidden: readonly number[] },
  hidden: number,
  seed: number,
  firstLayer: StudentLayerKind = 'spectral',
): NetworkWeights {
  const teacherSecond = teacher.hidden.length >= 2 ? teacher.hidden[teacher.hidden.length - 1] : PAPER_TEACHER_SECOND;
  return buildPaperStudent({ inputDim: teacher.inputDim, hidden, teacherSecond, firstLayer }, seed);
}
