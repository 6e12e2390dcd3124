/**
 * teacher-student/teachers/teacher: the interface every teacher implements, whatever generates its data.
 */
import type { NetworkWeights } from '@spectral-ts/spectral';
import type { Dataset } from '../dataset';
import type { Rng } from '../rng';

/**
 * The config of a teacher: its registered `kind` plus kind-specific fields. Every field but `kind` has a default,
 * so `{ kind: 'nn' }` is a complete config. Built-in kinds have typed configs (NNTeacherConfig, LinearTeacherConfig,
 * HiddenManifoldTeacherConfig); plugin kinds define their own.
 */
export interface TeacherConfig {
  kind: string;
  /** Seed of the teacher's own weights (and fixed features); independent of every data seed. */
  seed?: number;
  [field: string]: unknown;
}

/** A frozen model that generates labelled data. */
export interface Teacher {
  /** The registered kind that built it. */
  readonly kind: string;
  /** Width of the inputs x it generates. */
  readonly inputDim: number;
  /**
   * h_T: the hidden size the student's effective size is compared against (pruning's critical point, method spec §5.6).
   * For `nn` it is the first hidden width.
   */
  readonly size: number;
  /** Hidden widths of the teacher's network (empty for a teacher without hidden layers). */
  readonly hidden: readonly number[];
  /** The teacher's network acting on x, when its labels are exactly `forward(network, x)` (nn, linear). */
  readonly network?: NetworkWeights;
  /**
   * Draws `rows` labelled examples. The teacher draws the inputs too, because some teachers (the hidden-manifold
   * model) generate structured inputs. Pure given the rng state: the same seed gives the same data set.
   */
  sample(rows: number, rng: Rng): Dataset;
  /** The resolved config (every default filled in); `createTeacher(t.describe())` rebuilds an identical teacher. */
  describe(): TeacherConfig;
}

/** What a plugin registers for a teacher kind. */
export interface TeacherDefinition {
  /** One sentence for listings and CLI help. */
  description: string;
  /** The resolved default config (with `kind`), shown in listings. */
  defaults: TeacherConfig;
  /** Validates `config` (throwing `teacher-student/...` style errors) and builds the teacher. */
  create(config: TeacherConfig): Teacher;
}
