/**
 * teacher-student/teachers/nn-teacher: the paper's teacher (method spec §2), a frozen ReLU network without bias,
 * hidden widths [h_T, h_2], all-ones linear output, weights Glorot-uniform from the teacher's own seed, inputs N(0, I).
 */
import type { Activation, NetworkWeights } from '@spectral-ts/spectral';
import { checkPositiveInteger, checkSeed, checkWidths, rejectUnknownFields } from '../errors';
import { constantMatrix, glorotUniform } from '../init';
import { createRng, deriveSeed, type Rng } from '../rng';
import { checkRows, dataset, gaussianInputs, labelWithNetwork } from './sampling';
import type { Teacher, TeacherDefinition } from './teacher';

/** Config of the `nn` teacher. */
export interface NNTeacherConfig {
  kind: 'nn';
  /** Input width d. Default 10 (method spec §2). */
  inputDim?: number;
  /** Hidden widths [h_T, h_2, ...]; h_T = hidden[0] is the teacher size. Default [20, 20] (method spec §2: h_2 = teacher_second, 20). */
  hidden?: number[];
  /** Seed of the weights. Default 0. */
  seed?: number;
  [field: string]: unknown;
}

/** The resolved config: every field present. */
export type ResolvedNNTeacherConfig = Required<Pick<NNTeacherConfig, 'kind' | 'inputDim' | 'hidden' | 'seed'>>;

// method spec §2: x in R^10 -> 20 -> teacher_second (20, the spec's default for the unpublished value) -> 1.
export const NN_TEACHER_DEFAULTS: ResolvedNNTeacherConfig = { kind: 'nn', inputDim: 10, hidden: [20, 20], seed: 0 };

const FIELDS = ['kind', 'inputDim', 'hidden', 'seed'] as const;

/**
 * The weights of a frozen ReLU teacher chain inputDim -> hidden... -> 1.
 * Hidden layers are stored as the reference code builds them (method spec §2): spectral layers with lambdaIn = 0 and
 * lambdaOut = 1 frozen, so the direct weights are W = -phi, phi Glorot-uniform over (fan_in + fan_out). The output
 * is Dense(1) with all weights 1, linear, no bias. Every layer has `trainable: false`. Layer k draws from
 * deriveSeed(seed, 'teacher-layer', k), so widening one layer does not shift another layer's stream.
 */
export function buildTeacherNetwork(
  inputDim: number,
  hidden: readonly number[],
  seed: number,
  activation: Activation = 'relu',
): NetworkWeights {
  const layers: NetworkWeights['layers'] = [];
  let fanIn = inputDim;
  hidden.forEach((units, k) => {
    const rng = createRng(deriveSeed(seed, 'teacher-layer', k));
    layers.push({
      kind: 'spectral',
      phi: glorotUniform(fanIn, units, rng),
      lambdaIn: new Array<number>(fanIn).fill(0),
      lambdaOut: new Array<number>(units).fill(1),
      activation,
      trainable: false,
    });
    fanIn = units;
  });
  // method spec §2: output Dense(1, all weights = 1, linear, no bias).
  layers.push({ kind: 'dense', kernel: constantMatrix(fanIn, 1, 1), activation: 'linear', trainable: false });
  return { inputDim, layers };
}

/** Validates an `nn` config and fills its defaults. */
export function resolveNNTeacherConfig(config: NNTeacherConfig, fn = 'createTeacher'): ResolvedNNTeacherConfig {
  rejectUnknownFields(fn, "the 'nn' teacher config", config, FIELDS);
  const d = NN_TEACHER_DEFAULTS;
  return {
    kind: 'nn',
    inputDim: checkPositiveInteger(fn, 'teacher.inputDim', config.inputDim ?? d.inputDim, 'set e.g. inputDim: 10'),
    hidden: checkWidths(fn, 'teacher.hidden', config.hidden ?? d.hidden, 'set e.g. hidden: [20, 20]'),
    seed: checkSeed(fn, 'teacher.seed', config.seed ?? d.seed),
  };
}

/** The paper's frozen ReLU teacher. */
export class NNTeacher implements Teacher {
  readonly kind = 'nn';
  readonly inputDim: number;
  readonly size: number;
  readonly hidden: readonly number[];
  readonly network: NetworkWeights;
  private readonly config: ResolvedNNTeacherConfig;

  constructor(config: NNTeacherConfig = { kind: 'nn' }) {
    this.config = resolveNNTeacherConfig(config);
    this.inputDim = this.config.inputDim;
    this.hidden = this.config.hidden.slice();
    this.size = this.hidden[0];
    this.network = buildTeacherNetwork(this.inputDim, this.hidden, this.config.seed);
  }

  /** Inputs x ~ N(0, I_d), labels y = teacher(x) (method spec §2: noise-free scalar regression). */
  sample(rows: number, rng: Rng) {
    checkRows('NNTeacher.sample', rows);
    const x = gaussianInputs(rows, this.inputDim, rng);
    return dataset(this.inputDim, rows, x, labelWithNetwork('NNTeacher.sample', this.network, x, rows));
  }

  describe(): ResolvedNNTeacherConfig {
    return { ...this.config, hidden: this.config.hidden.slice() };
  }
}

export const nnTeacherDefinition: TeacherDefinition = {
  description:
    "Frozen ReLU network without bias, hidden [h_T, h_2], all-ones output, Glorot-uniform weights; inputs N(0, I) (the paper's teacher).",
  defaults: NN_TEACHER_DEFAULTS,
  create: (config) => new NNTeacher(config as NNTeacherConfig),
};
