import { labelVariance, sliceRows, type Dataset } from '../src/dataset';

const data: Dataset = {
  inputDim: 2,
  rows: 4,
  x: Float32Array.from([1, 2, 3, 4, 5, 6, 7, 8]),
  y: Float32Array.from([1, 2, 3, 6]),
};

describe('sliceRows', () => {
  it('returns views of rows [start, end)', () => {
    const s = sliceRows(data, 1, 3);
    expect(s.rows).toBe(2);
    expect(Array.from(s.x)).toEqual([3, 4, 5, 6]);
    expect(Array.from(s.y)).toEqual([2, 3]);
    expect(s.x.buffer).toBe(data.x.buffer);
    expect(sliceRows(data, 4, 4).rows).toBe(0);
  });

  it('keeps the class count of classification data and adds none to regression data', () => {
    const labelled: Dataset = { ...data, y: Float32Array.from([0, 2, 1, 2]), classes: 3 };
    const s = sliceRows(labelled, 1, 3);
    expect(s.classes).toBe(3);
    expect(Array.from(s.y)).toEqual([2, 1]);
    expect('classes' in sliceRows(data, 1, 3)).toBe(false);
  });

  it('rejects ranges outside the data set', () => {
    expect(() => sliceRows(data, 2, 5)).toThrow(/teacher-student\/sliceRows/);
    expect(() => sliceRows(data, 3, 2)).toThrow(/teacher-student\/sliceRows/);
  });
});

describe('labelVariance', () => {
  it('is the ddof-0 variance of the labels', () => {
    // mean 3, squared deviations 4 + 1 + 0 + 9 = 14, / 4.
    expect(labelVariance(data)).toBeCloseTo(3.5, 12);
  });
});
