// The mnist package's 10000 digits as a Dataset, and the seeded splits on it (loaded once for the file, ~0.4 s).
import { createRng, deriveSeed } from '@spectral-ts/statistics';
import { imageSplitIndices, loadImageDataset, makeImageTestSet, makeImageTrialData } from '../src';

const all = loadImageDataset('mnist');

/** Sum of the pixels of image `row`. */
const pixelSum = (x: Float32Array, row: number): number =>
  x.subarray(row * 784, row * 784 + 784).reduce((s, v) => s + v, 0);

describe("loadImageDataset('mnist')", () => {
  it('holds 10000 images of 784 pixels in [0, 1], y the class index 0..9, classes 10', () => {
    expect({ rows: all.rows, inputDim: all.inputDim, classes: all.classes }).toEqual({
      rows: 10000,
      inputDim: 784,
      classes: 10,
    });
    expect(all.x.length).toBe(10000 * 784);
    let min = Infinity;
    let max = -Infinity;
    let sum = 0;
    for (const v of all.x) {
      if (v < min) min = v;
      if (v > max) max = v;
      sum += v;
    }
    expect([min, max]).toEqual([0, 1]);
    // the package's raw floats (3 decimals) sum to 1027949.498; float32 rounding moves that by well under 0.01
    expect(sum).toBeCloseTo(1027949.498, 1);
  });

  it('keeps the package order: class 0 first, its first image summing to 121.921, class 1 from row 1001', () => {
    const counts = new Array<number>(10).fill(0);
    all.y.forEach((k) => counts[k]++);
    expect(counts).toEqual([1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978]);
    expect(Array.from(all.y.subarray(999, 1003))).toEqual([0, 0, 1, 1]);
    expect(pixelSum(all.x, 0)).toBeCloseTo(121.921, 4);
    expect(pixelSum(all.x, 1001)).toBeCloseTo(67.188, 4);
    expect(all.x.subarray(1001 * 784, 1002 * 784).filter((v) => v > 0).length).toBe(96);
  });

  it('is cached: the second call returns the same object', () => {
    expect(loadImageDataset('mnist')).toBe(all);
  });
});

describe('the seeded mnist splits', () => {
  const data = { train: 3000, test: 2000, seed: 7 };

  it('takes the test set from deriveSeed(seed, "test") and the trial rows from the other images', () => {
    const { test, train } = imageSplitIndices('mnist', data, 2);
    const expected = createRng(deriveSeed(7, 'test')).permutation(10000).subarray(0, 2000);
    expect(Array.from(test)).toEqual(Array.from(expected));
    expect(train.length).toBe(3000);
    const inTest = new Set(test);
    expect(Array.from(train).filter((r) => inTest.has(r))).toEqual([]);
    expect(new Set(train).size).toBe(3000);
  });

  it('copies exactly the indexed images and labels, with the class count', () => {
    const testSet = makeImageTestSet('mnist', data);
    const { test } = imageSplitIndices('mnist', data);
    expect({ rows: testSet.rows, inputDim: testSet.inputDim, classes: testSet.classes }).toEqual({
      rows: 2000,
      inputDim: 784,
      classes: 10,
    });
    for (const i of [0, 1, 999, 1999]) {
      expect(testSet.y[i]).toBe(all.y[test[i]]);
      expect(Array.from(testSet.x.subarray(i * 784, (i + 1) * 784))).toEqual(
        Array.from(all.x.subarray(test[i] * 784, (test[i] + 1) * 784)),
      );
    }
    // a uniform draw of 2000 from ~1000 per class: every class between 130 and 280 (expected 173-225)
    const counts = new Array<number>(10).fill(0);
    testSet.y.forEach((k) => counts[k]++);
    expect(Math.min(...counts)).toBeGreaterThan(130);
    expect(Math.max(...counts)).toBeLessThan(280);
  });

  it('is deterministic, and each trial draws its own rows; train / validation split 80 / 20', () => {
    const a = makeImageTrialData('mnist', data, 1);
    const b = makeImageTrialData('mnist', data, 1);
    expect(Array.from(a.all.y)).toEqual(Array.from(b.all.y));
    expect(Array.from(a.all.x.subarray(0, 784 * 5))).toEqual(Array.from(b.all.x.subarray(0, 784 * 5)));
    expect(a.seed).toBe(deriveSeed(7, 'train', 1));
    expect({ train: a.train.rows, validation: a.validation.rows, all: a.all.rows }).toEqual({
      train: 2400,
      validation: 600,
      all: 3000,
    });
    expect(a.train.classes).toBe(10);
    expect(a.validation.classes).toBe(10);
    const [t0, t1] = [0, 1].map((t) => imageSplitIndices('mnist', data, t).train);
    const shared = new Set(t0);
    // two draws of 3000 from the same 8000 images share about 3000 * 3000 / 8000 = 1125
    const overlap = Array.from(t1).filter((r) => shared.has(r)).length;
    expect(overlap).toBeGreaterThan(900);
    expect(overlap).toBeLessThan(1400);
    // another seed, another test set
    expect(Array.from(imageSplitIndices('mnist', { ...data, seed: 8 }).test.subarray(0, 10))).not.toEqual(
      Array.from(imageSplitIndices('mnist', data).test.subarray(0, 10)),
    );
  });

  it('refuses more rows than the package has, naming data.train, data.test and the image count', () => {
    expect(() => makeImageTrialData('mnist', { train: 8000, test: 2001 })).toThrow(
      "image-datasets/makeImageTrialData: data.train (8000) + data.test (2001) = 10001 exceeds the 10000 images of 'mnist' (lower data.train or data.test so that they sum to at most 10000)",
    );
    // the defaults (10000 + 10000) do not fit mnist's package either
    expect(() => makeImageTestSet('mnist')).toThrow(/data.train \(10000\) \+ data.test \(10000\) = 20000 exceeds/);
    expect(makeImageTestSet('mnist', { train: 8000, test: 2000 }).rows).toBe(2000);
  });
});
