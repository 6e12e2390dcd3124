// The fashion-mnist package's 70000 images as a Dataset (parsed once for the file, ~2 s) and the default split on it.
import { imageDatasetInfo, imageSplitIndices, loadImageDataset, makeImageTestSet, makeImageTrialData } from '../src';

const all = loadImageDataset('fashion-mnist');

describe("loadImageDataset('fashion-mnist')", () => {
  it('holds 70000 images, 7000 per class, pixels v / 255 in [0, 1]', () => {
    expect({ rows: all.rows, inputDim: all.inputDim, classes: all.classes }).toEqual({
      rows: 70000,
      inputDim: 784,
      classes: 10,
    });
    const counts = new Array<number>(10).fill(0);
    all.y.forEach((k) => counts[k]++);
    expect(counts).toEqual(new Array(10).fill(7000));
    let min = Infinity;
    let max = -Infinity;
    for (const v of all.x) {
      if (v < min) min = v;
      if (v > max) max = v;
    }
    expect([min, max]).toEqual([0, 1]);
    // every pixel is a byte over 255, rounded to float32
    for (const i of [0, 12345, 70000 * 784 - 1]) expect(Math.round(all.x[i] * 255)).toBeCloseTo(all.x[i] * 255, 4);
  });

  it('skips the two empty entries of class 0, and keeps the package order (known pixel sums)', () => {
    // the raw bytes of class 0's first image sum to 79892, class 9's first (row 63000) to 83940
    const sum = (row: number): number => all.x.subarray(row * 784, row * 784 + 784).reduce((s, v) => s + v, 0);
    expect(sum(0)).toBeCloseTo(79892 / 255, 3);
    expect(sum(63000)).toBeCloseTo(83940 / 255, 3);
    expect([all.y[6999], all.y[7000], all.y[62999], all.y[63000]]).toEqual([0, 1, 8, 9]);
    expect(imageDatasetInfo('fashion-mnist').classNames[9]).toBe('Ankle boot');
  });
});

describe('the default split on fashion-mnist (train 10000, test 10000, seed 1)', () => {
  it('draws a 10000-image test set with about 1000 of each class, and disjoint trial rows', () => {
    const test = makeImageTestSet('fashion-mnist');
    expect(test.rows).toBe(10000);
    const counts = new Array<number>(10).fill(0);
    test.y.forEach((k) => counts[k]++);
    // binomial(10000, 0.1): sd 30, so 880..1120 is 4 sd either side
    expect(Math.min(...counts)).toBeGreaterThan(880);
    expect(Math.max(...counts)).toBeLessThan(1120);
    const indices = [0, 1, 2].map((t) => imageSplitIndices('fashion-mnist', {}, t));
    const inTest = new Set(indices[0].test);
    for (const { train } of indices) expect(Array.from(train).filter((r) => inTest.has(r))).toEqual([]);
    const trial = makeImageTrialData('fashion-mnist', {}, 0);
    expect([trial.train.rows, trial.validation.rows]).toEqual([8000, 2000]);
    expect(trial.all.y[0]).toBe(all.y[indices[0].train[0]]);
  });
});
