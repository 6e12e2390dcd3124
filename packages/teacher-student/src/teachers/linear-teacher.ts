/**
 * teacher-student/teachers/linear-teacher: y = a . x with a = sort(U(0, d)^d) from the teacher's seed and x ~ N(0, I)
 * (the reference code's unused `linear` teacher, method spec §2), with one label per row instead of its
 * mis-broadcasting (N,) shape.
 */
import type { NetworkWeights } from '@spectral-ts/spectral';
import { checkPositiveInteger, checkSeed, rejectUnknownFields } from '../errors';
import { createRng, deriveSeed, type Rng } from '../rng';
import { checkRows, dataset, gaussianInputs, labelWithNetwork } from './sampling';
import type { Teacher, TeacherDefinition } from './teacher';

/** Config of the `linear` teacher. */
export interface LinearTeacherConfig {
  kind: 'linear';
  /** Input width d. Default 10. */
  inputDim?: number;
  /** Seed of the coefficients a. Default 0. */
  seed?: number;
  [field: string]: unknown;
}

export type ResolvedLinearTeacherConfig = Required<Pick<LinearTeacherConfig, 'kind' | 'inputDim' | 'seed'>>;

export const LINEAR_TEACHER_DEFAULTS: ResolvedLinearTeacherConfig = { kind: 'linear', inputDim: 10, seed: 0 };

const FIELDS = ['kind', 'inputDim', 'seed'] as const;

/**
 * y = a . x. Its `network` is one frozen linear Dense(1) layer with kernel a, so labels equal `forward(network, x)`.
 * `size` is 2, the smallest ReLU layer that represents a linear map (z = relu(z) - relu(-z)). Its labels have mean 0
 * and take both signs: the paper's student (ReLU second layer, frozen all-ones output) only outputs values >= 0, so
 * train this teacher with `buildStudent` and a trainable linear output layer.
 */
export class LinearTeacher implements Teacher {
  readonly kind = 'linear';
  readonly inputDim: number;
  readonly size = 2;
  readonly hidden: readonly number[] = [];
  readonly network: NetworkWeights;
  /** The coefficients a, ascending. */
  readonly coefficients: readonly number[];
  private readonly config: ResolvedLinearTeacherConfig;

  constructor(config: LinearTeacherConfig = { kind: 'linear' }) {
    const fn = 'createTeacher';
    rejectUnknownFields(fn, "the 'linear' teacher config", config, FIELDS);
    this.config = {
      kind: 'linear',
      inputDim: checkPositiveInteger(
        fn,
        'teacher.inputDim',
        config.inputDim ?? LINEAR_TEACHER_DEFAULTS.inputDim,
        'set e.g. inputDim: 10',
      ),
      seed: checkSeed(fn, 'teacher.seed', config.seed ?? LINEAR_TEACHER_DEFAULTS.seed),
    };
    const d = this.config.inputDim;
    const rng = createRng(deriveSeed(this.config.seed, 'linear-coefficients'));
    // method spec §2: a = sort(U(0, d)^d).
    const a = Array.from({ length: d }, () => rng.uniformIn(0, d)).sort((p, q) => p - q);
    this.coefficients = a;
    this.inputDim = d;
    this.network = {
      inputDim: d,
      layers: [{ kind: 'dense', kernel: a.map((v) => [v]), activation: 'linear', trainable: false }],
    };
  }

  sample(rows: number, rng: Rng) {
    checkRows('LinearTeacher.sample', rows);
    const x = gaussianInputs(rows, this.inputDim, rng);
    return dataset(this.inputDim, rows, x, labelWithNetwork('LinearTeacher.sample', this.network, x, rows));
  }

  describe(): ResolvedLinearTeacherConfig {
    return { ...this.config };
  }
}

export const linearTeacherDefinition: TeacherDefinition = {
  description:
    'y = a . x with a = sort(U(0, d)^d) from the seed; inputs N(0, I). Labels take both signs: needs a student with a linear output.',
  defaults: LINEAR_TEACHER_DEFAULTS,
  create: (config) => new LinearTeacher(config as LinearTeacherConfig),
};
