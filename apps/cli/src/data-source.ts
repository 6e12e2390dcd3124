/**
 * cli/data-source: what a run trains on, decided by `data.kind`: the teachers' data ('teacher', the default), or an
 * image data set (mnist, fashion-mnist from @spectral-ts/image-datasets) whose students are classifiers. One place
 * for the questions every part of the run asks: is this a classification run, how many data sources (teachers, or
 * the one data set) are there, and what shape are their inputs, without loading any image.
 */
import { IMAGE_DATASETS, imageDatasetInfo, type ImageDatasetName } from '@spectral-ts/image-datasets';

export type { ImageDatasetName };

/** The values of data.kind: 'teacher' and the image data sets. */
export const DATA_KINDS = ['teacher', ...IMAGE_DATASETS] as const;
export type DataKind = 'teacher' | ImageDatasetName;

/** The image data set a config trains on, or undefined for teacher data. */
export function imageKindOf(config: { data: { kind?: string } }): ImageDatasetName | undefined {
  const kind = config.data.kind;
  return kind !== undefined && kind !== 'teacher' ? (kind as ImageDatasetName) : undefined;
}

/** Classes of a classification run's labels (its students end in that many logits), undefined for regression. */
export function classesOf(config: { data: { kind?: string } }): number | undefined {
  const kind = imageKindOf(config);
  return kind ? imageDatasetInfo(kind).classes : undefined;
}

/** How many data sources the units iterate over: the teachers, or the one image data set. */
export function sourceCount(config: { data: { kind?: string }; teachers: readonly unknown[] }): number {
  return imageKindOf(config) ? 1 : config.teachers.length;
}

/** The input width and hidden sizes a student of an image data set is built for (it has no teacher). */
export function imageShape(kind: ImageDatasetName): { inputDim: number; hidden: readonly number[] } {
  return { inputDim: imageDatasetInfo(kind).inputDim, hidden: [] };
}

/** The data section without `kind`: what teacher-student's and image-datasets' data functions take. */
export function dataSizes<T extends { kind?: string }>(data: T): Omit<T, 'kind'> {
  const { kind: _kind, ...rest } = data;
  return rest;
}
