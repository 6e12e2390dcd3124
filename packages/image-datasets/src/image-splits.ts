/**
 * image-datasets/image-splits: the test set and the per-trial training sets of an image data set, with the semantics
 * and bookkeeping of teacher-student's makeTestSet / makeTrialData (method spec §2): the test set is the first
 * data.test rows of a permutation of all images drawn from deriveSeed(data.seed, 'test'); trial t's training set is
 * a draw of data.train rows from the remaining images, from deriveSeed(data.seed, 'train', t), so no trial ever
 * trains on a test image, and its last validationSplit rows are held out (Keras `validation_split`).
 */
import { createRng, deriveSeed } from '@spectral-ts/statistics';
import {
  resolveDataConfig,
  sliceRows,
  trainingRows,
  type DataConfig,
  type Dataset,
  type ResolvedDataConfig,
  type TrialData,
} from '@spectral-ts/teacher-student';
import { checkImageDatasetName, imageDatasetInfo, type ImageDatasetName } from './catalog';
import { fail } from './errors';
import { loadImageDataset } from './load-image-dataset';

/** The rows `indices` of `data`, copied into a new Dataset. */
function gatherRows(data: Dataset, indices: ArrayLike<number>): Dataset {
  const d = data.inputDim;
  const x = new Float32Array(indices.length * d);
  const y = new Float32Array(indices.length);
  for (let i = 0; i < indices.length; i++) {
    const r = indices[i];
    x.set(data.x.subarray(r * d, (r + 1) * d), i * d);
    y[i] = data.y[r];
  }
  const out: Dataset = { inputDim: d, rows: indices.length, x, y };
  if (data.classes !== undefined) out.classes = data.classes;
  return out;
}

/** Which images of loadImageDataset(name) a split takes, as row indices. */
export interface ImageSplitIndices {
  /** The test set's images, in test-set row order. */
  test: Uint32Array;
  /** Trial `trial`'s training images (validation rows last), in row order; none of them is a test image. */
  train: Uint32Array;
}

function checkTrial(fn: string, trial: number): void {
  if (!Number.isInteger(trial) || trial < 0) {
    fail(fn, `trial must be a non-negative integer, got ${JSON.stringify(trial)} (trials are numbered 0, 1, ...)`);
  }
}

/** The split's indices and resolved config, checked to fit the data set before any image is parsed. */
function split(fn: string, name: ImageDatasetName, data: DataConfig, trial: number) {
  const checked = checkImageDatasetName(fn, name);
  checkTrial(fn, trial);
  const config: ResolvedDataConfig = resolveDataConfig(data);
  const { rows } = imageDatasetInfo(checked);
  if (config.train + config.test > rows) {
    fail(
      fn,
      `data.train (${config.train}) + data.test (${config.test}) = ${config.train + config.test} exceeds the ${rows} images of '${checked}' (lower data.train or data.test so that they sum to at most ${rows})`,
    );
  }
  const permutation = createRng(deriveSeed(config.seed, 'test')).permutation(rows);
  const rest = permutation.subarray(config.test);
  const seed = deriveSeed(config.seed, 'train', trial);
  const draw = createRng(seed).permutation(rest.length);
  const train = new Uint32Array(config.train);
  for (let i = 0; i < config.train; i++) train[i] = rest[draw[i]];
  const indices: ImageSplitIndices = { test: permutation.slice(0, config.test), train };
  return { name: checked, config, seed, indices };
}

/**
 * The row indices (into loadImageDataset(name)) of the test set and of trial `trial`'s training set, without
 * loading the images: what makeImageTestSet and makeImageTrialData take.
 */
export function imageSplitIndices(name: ImageDatasetName, data: DataConfig = {}, trial = 0): ImageSplitIndices {
  return split('imageSplitIndices', name, data, trial).indices;
}

/** The experiment's test set: the first data.test images of the permutation drawn from deriveSeed(seed, 'test'). */
export function makeImageTestSet(name: ImageDatasetName, data: DataConfig = {}): Dataset {
  const s = split('makeImageTestSet', name, data, 0);
  return gatherRows(loadImageDataset(s.name), s.indices.test);
}

/** Trial `trial`'s training set: data.train images outside the test set, split into train / validation rows. */
export function makeImageTrialData(name: ImageDatasetName, data: DataConfig = {}, trial = 0): TrialData {
  const s = split('makeImageTrialData', name, data, trial);
  const rows = gatherRows(loadImageDataset(s.name), s.indices.train);
  const cut = trainingRows(s.config.train, s.config.validationSplit);
  return {
    trial,
    seed: s.seed,
    train: sliceRows(rows, 0, cut),
    validation: sliceRows(rows, cut, rows.rows),
    all: rows,
  };
}
