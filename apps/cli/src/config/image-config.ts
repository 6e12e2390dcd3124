/**
 * cli/config/image-config: the checks and defaults of a config whose data.kind is an image data set. Such a run has
 * no teacher and no MSE pruning analysis; what it records instead is each classifier's test accuracy against the
 * fraction of nodes of pruning.layer removed, per ranking. Every key that would be silently ignored is refused,
 * naming the key and the fix, and so is a data size above the images the data set has.
 */
import * as pruning from '@spectral-ts/pruning';
import { imageDatasetInfo, type ImageDatasetName } from '@spectral-ts/image-datasets';
import { layerUnits, type NetworkWeights } from '@spectral-ts/spectral';
import { asUsageError, usage } from '../errors';
import type { ExperimentConfig } from './schema';

/** The rankings of a classifier's default accuracy curves (Buffoni et al. 2022: eigenvalue, weight norm, random). */
export const DEFAULT_CLASSIFIER_RANKINGS = ['rescaled-eigenvalue', 'weight-norm', 'random'];
/** Rankings that read eigenvalues, so only apply to a spectral layer. */
const SPECTRAL_ONLY_RANKINGS = new Set(['rescaled-eigenvalue', 'abs-eigenvalue']);

/** Refuses the keys of a teacher run that an image run would ignore, and data sizes above the images available. */
export function checkImageConfig(config: ExperimentConfig, kind: ImageDatasetName): void {
  const info = imageDatasetInfo(kind);
  // An empty list is what a resolved image config records (DIR/config.json of a resumed run).
  if (config.teacher || (config.teachers && config.teachers.length > 0)) {
    const key = config.teacher ? 'teacher' : 'teachers';
    usage(
      'config',
      `${key} is set, but data.kind '${kind}' trains on images, not on a teacher's labels, so it would be ignored ` +
        `(remove ${key}, or set data.kind: teacher)`,
    );
  }
  const { train, test } = config.data;
  if (train + test > info.rows) {
    usage(
      'config',
      `data.train ${train} + data.test ${test} = ${train + test} is more than the ${info.rows} images of '${kind}' ` +
        `(${info.source}); lower data.train or data.test so that they sum to at most ${info.rows}`,
    );
  }
  for (const key of ['ranking', 'tolerance'] as const) {
    if (config.pruning[key] !== undefined) {
      usage(
        'config',
        `pruning.${key} is set, but image data has no MSE pruning analysis, so it would be ignored ` +
          '(remove it; list the rankings of the accuracy curves in pruning.rankings)',
      );
    }
  }
}

/** Refuses pruning.rankings on teacher data: nothing would read it. */
export function checkTeacherConfig(config: ExperimentConfig): void {
  if (config.pruning.rankings !== undefined) {
    usage(
      'config',
      'pruning.rankings is set, but it names the accuracy curves of image data (data.kind mnist or fashion-mnist) ' +
        'and a teacher run would ignore it (remove it, or use pruning.ranking for the MSE pruning analysis)',
    );
  }
}

/**
 * The rankings of the accuracy curves: pruning.rankings, or the default list without the eigenvalue rankings when
 * the pruned layer is dense. Each must be registered and fit the layer.
 */
export function classifierRankings(config: ExperimentConfig, layerKind: string): string[] {
  const given = config.pruning.rankings;
  const rankings =
    given ?? DEFAULT_CLASSIFIER_RANKINGS.filter((r) => layerKind === 'spectral' || !SPECTRAL_ONLY_RANKINGS.has(r));
  const seen = new Set<string>();
  rankings.forEach((name, i) => {
    const field = `pruning.rankings[${i}]`;
    if (seen.has(name)) usage('config', `${field} lists '${name}' a second time (list each ranking once)`);
    seen.add(name);
    try {
      pruning.getRanking(name);
    } catch (err) {
      throw asUsageError('config', field, err);
    }
    if (layerKind !== 'spectral' && SPECTRAL_ONLY_RANKINGS.has(name)) {
      usage(
        'config',
        `${field} '${name}' reads eigenvalues, but hidden layer ${config.pruning.layer ?? 0} (pruning.layer) is a ` +
          'dense layer (use weight-norm or random, or make that layer spectral)',
      );
    }
  });
  return rankings;
}

/** Refuses a student whose output layer does not have one unit per class (its outputs are the logits). */
export function checkClassifierOutput(student: NetworkWeights, classes: number, kind: string): void {
  const out = student.layers[student.layers.length - 1];
  const units = layerUnits(out);
  if (units !== classes || out.activation !== 'linear') {
    usage(
      'config',
      `students: the student ends in ${units} ${out.activation} units, but '${kind}' has ${classes} classes: ` +
        `a classifier must end in ${classes} linear logits ` +
        '(leave the output to spectral-ts: list only hidden layers in students.layers)',
    );
  }
}
