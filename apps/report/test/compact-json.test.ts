import { compactJson } from '../src/sections/setup';

describe('compactJson', () => {
  it('puts arrays of scalars on one line and stays the same JSON', () => {
    const value = { a: [1, 2, 3], b: [{ x: [0.5, 2] }, { y: 'a,b' }], c: [], d: ['x]', 'y'], e: { f: [true, false] } };
    const text = compactJson(value);
    expect(text).toContain('"a": [1, 2, 3]');
    expect(text).toContain('"x": [0.5, 2]');
    expect(text).toContain('"f": [true, false]');
    expect(JSON.parse(text)).toEqual(value);
  });
});
