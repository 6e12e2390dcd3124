/**
 * teacher-student/teachers/hidden-manifold-teacher: the hidden manifold model of Goldt, Mezard, Krzakala and
 * Zdeborova (2020, "Modelling the influence of data structure on learning in neural networks: the hidden manifold
 * model"): latent c ~ N(0, I_D), inputs x = f(F^T c / sqrt(D)) through a fixed feature matrix F (D x N) and an
 * element-wise nonlinearity f, labels y = g(c) from a teacher network acting on the latent vector only.
 * The reference code names this teacher but never implements it (method spec §2).
 */
import type { NetworkWeights } from '@spectral-ts/spectral';
import type { Dataset } from '../dataset';
import { checkChoice, checkPositiveInteger, checkSeed, checkWidths, fail, rejectUnknownFields } from '../errors';
import { createRng, deriveSeed, type Rng } from '../rng';
import { buildTeacherNetwork } from './nn-teacher';
import { checkRows, dataset, labelWithNetwork } from './sampling';
import type { Teacher, TeacherDefinition } from './teacher';

/** Element-wise nonlinearities f that map the latent projections to inputs. */
export const MANIFOLD_NONLINEARITIES = ['sign', 'tanh'] as const;
export type ManifoldNonlinearity = (typeof MANIFOLD_NONLINEARITIES)[number];

/** Config of the `hidden-manifold` teacher. */
export interface HiddenManifoldTeacherConfig {
  kind: 'hidden-manifold';
  /** Input width N (what the student sees). Default 100. */
  inputDim?: number;
  /** Latent dimension D (the manifold's dimension, D << N). Default 10, the paper teacher's input width. */
  latentDim?: number;
  /**
   * Hidden widths [h_T, h_2, ...] of the label network acting on c: the same frozen ReLU chain as the `nn` teacher
   * (Glorot-uniform, no bias, all-ones output). Default [20, 20]. (Goldt et al. use a two-layer network with erf
   * units; the ReLU chain is this port's choice, so that h_T means the same thing as for `nn`.)
   */
  hidden?: number[];
  /**
   * f: 'sign' (inputs in {-1, +1}, the choice of Goldt et al.'s main experiments) or 'tanh' (smooth, in (-1, 1)).
   * Default 'sign'.
   */
  nonlinearity?: ManifoldNonlinearity;
  /** Seed of F and of the label network. Default 0. */
  seed?: number;
  [field: string]: unknown;
}

export type ResolvedHiddenManifoldTeacherConfig = Required<
  Pick<HiddenManifoldTeacherConfig, 'kind' | 'inputDim' | 'latentDim' | 'hidden' | 'nonlinearity' | 'seed'>
>;

export const HIDDEN_MANIFOLD_TEACHER_DEFAULTS: ResolvedHiddenManifoldTeacherConfig = {
  kind: 'hidden-manifold',
  inputDim: 100,
  latentDim: 10,
  hidden: [20, 20],
  nonlinearity: 'sign',
  seed: 0,
};

const FIELDS = ['kind', 'inputDim', 'latentDim', 'hidden', 'nonlinearity', 'seed'] as const;

/** A sample together with the latent vectors that generated it. */
export interface ManifoldSample {
  data: Dataset;
  /** Latent vectors, row-major rows x latentDim, float64. */
  latent: Float64Array;
}

/**
 * Applies the model's input map to latent vectors: x_j = f(sum_k F[k][j] c_k / sqrt(D)).
 * Exported so that tests and analyses can recompute inputs from latent vectors.
 */
export function manifoldInputs(
  features: readonly (readonly number[])[],
  nonlinearity: ManifoldNonlinearity,
  latent: ArrayLike<number>,
  rows: number,
): Float32Array {
  const D = features.length;
  const N = features[0].length;
  const f = nonlinearity === 'sign' ? Math.sign : Math.tanh;
  const scale = 1 / Math.sqrt(D);
  const x = new Float32Array(rows * N);
  const pre = new Float64Array(N);
  for (let r = 0; r < rows; r++) {
    pre.fill(0);
    for (let k = 0; k < D; k++) {
      const c = latent[r * D + k];
      const row = features[k];
      for (let j = 0; j < N; j++) pre[j] += row[j] * c;
    }
    for (let j = 0; j < N; j++) x[r * N + j] = f(pre[j] * scale);
  }
  return x;
}

/** The hidden manifold model. */
export class HiddenManifoldTeacher implements Teacher {
  readonly kind = 'hidden-manifold';
  readonly inputDim: number;
  readonly latentDim: number;
  readonly size: number;
  readonly hidden: readonly number[];
  /** F, D x N, entries i.i.d. N(0, 1) (Goldt et al.), fixed by the seed. */
  readonly features: readonly (readonly number[])[];
  /** The label network acting on the latent vector c (input width D). Labels are forward(latentNetwork, c). */
  readonly latentNetwork: NetworkWeights;
  readonly nonlinearity: ManifoldNonlinearity;
  private readonly config: ResolvedHiddenManifoldTeacherConfig;

  constructor(config: HiddenManifoldTeacherConfig = { kind: 'hidden-manifold' }) {
    const fn = 'createTeacher';
    const d = HIDDEN_MANIFOLD_TEACHER_DEFAULTS;
    rejectUnknownFields(fn, "the 'hidden-manifold' teacher config", config, FIELDS);
    this.config = {
      kind: 'hidden-manifold',
      inputDim: checkPositiveInteger(fn, 'teacher.inputDim', config.inputDim ?? d.inputDim, 'set e.g. inputDim: 100'),
      latentDim: checkPositiveInteger(
        fn,
        'teacher.latentDim',
        config.latentDim ?? d.latentDim,
        'set e.g. latentDim: 10',
      ),
      hidden: checkWidths(fn, 'teacher.hidden', config.hidden ?? d.hidden, 'set e.g. hidden: [20, 20]'),
      nonlinearity: checkChoice(
        fn,
        'teacher.nonlinearity',
        config.nonlinearity ?? d.nonlinearity,
        MANIFOLD_NONLINEARITIES,
      ),
      seed: checkSeed(fn, 'teacher.seed', config.seed ?? d.seed),
    };
    if (this.config.latentDim > this.config.inputDim) {
      fail(
        fn,
        `teacher.latentDim (${this.config.latentDim}) exceeds teacher.inputDim (${this.config.inputDim}) (the manifold must be lower-dimensional than the inputs: lower latentDim)`,
      );
    }
    this.inputDim = this.config.inputDim;
    this.latentDim = this.config.latentDim;
    this.hidden = this.config.hidden.slice();
    this.size = this.hidden[0];
    this.nonlinearity = this.config.nonlinearity;
    const frng = createRng(deriveSeed(this.config.seed, 'manifold-features'));
    this.features = Array.from({ length: this.latentDim }, () =>
      Array.from({ length: this.inputDim }, () => frng.normal()),
    );
    this.latentNetwork = buildTeacherNetwork(
      this.latentDim,
      this.hidden,
      deriveSeed(this.config.seed, 'manifold-labels'),
    );
  }

  /** Draws latent vectors, their inputs and labels. */
  sampleWithLatent(rows: number, rng: Rng): ManifoldSample {
    checkRows('HiddenManifoldTeacher.sample', rows);
    const latent = new Float64Array(rows * this.latentDim);
    for (let i = 0; i < latent.length; i++) latent[i] = rng.normal();
    const x = manifoldInputs(this.features, this.nonlinearity, latent, rows);
    // Labels see c in float64, never the stored x: they depend on the position on the manifold only.
    const y = labelWithNetwork('HiddenManifoldTeacher.sample', this.latentNetwork, latent, rows);
    return { data: dataset(this.inputDim, rows, x, y), latent };
  }

  sample(rows: number, rng: Rng): Dataset {
    return this.sampleWithLatent(rows, rng).data;
  }

  describe(): ResolvedHiddenManifoldTeacherConfig {
    return { ...this.config, hidden: this.config.hidden.slice() };
  }
}

export const hiddenManifoldTeacherDefinition: TeacherDefinition = {
  description:
    'Hidden manifold model (Goldt et al. 2020): x = f(F^T c / sqrt(D)) for latent c ~ N(0, I_D), labels from a ReLU teacher acting on c.',
  defaults: HIDDEN_MANIFOLD_TEACHER_DEFAULTS,
  create: (config) => new HiddenManifoldTeacher(config as HiddenManifoldTeacherConfig),
};
