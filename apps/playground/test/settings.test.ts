// The URL settings: defaults, every field read back, the shareable query round-trips, and bad values name the field.
import { DEFAULT_SETTINGS, parseSettings, settingsQuery, variantsOf } from '../src/settings';

describe('parseSettings / settingsQuery', () => {
  it('reads the example link of the README with the config names', () => {
    const s = parseSettings('?teacher=9,9&student=36&variant=spectral&epochs=800&autostart=1');
    expect(s).toEqual({
      ...DEFAULT_SETTINGS,
      teacher: [9, 9],
      student: 36,
      variant: 'spectral',
      epochs: 800,
      autostart: true,
    });
  });
  it('an empty query gives the defaults: teacher 8-8, N1 32, both variants, 1000 epochs, auto learning rate', () => {
    expect(parseSettings('')).toEqual(DEFAULT_SETTINGS);
    expect(DEFAULT_SETTINGS).toMatchObject({ teacher: [8, 8], student: 32, variant: 'both', epochs: 1000 });
  });
  it('round-trips every setting through the query', () => {
    const s = {
      teacher: [20, 20],
      student: 40,
      variant: 'direct' as const,
      epochs: 50,
      learningRate: 0.003,
      seed: 7,
      train: 500,
      autostart: true,
    };
    const q = settingsQuery(s);
    expect(q).toBe('teacher=20,20&student=40&variant=direct&epochs=50&learningRate=0.003&seed=7&train=500&autostart=1');
    expect(parseSettings(q)).toEqual(s);
  });
  it.each([
    ['teacher=8,x', /^teacher: 'x' is not an integer in 1\.\.500 \(e\.g\. teacher=8,8\)/],
    ['student=0', /^student: '0' is not an integer in 1\.\.500/],
    ['variant=lasso', /^variant: 'lasso' is not one of spectral, direct, both/],
    ['epochs=1.5', /^epochs: '1\.5' is not an integer/],
    ['learningRate=-1', /^learningRate: '-1' is not a number in \(0, 1\) or auto/],
    ['train=5', /^train: '5' is not an integer in 10\.\.100000/],
  ])('%s is refused with the field named', (query, message) => {
    expect(() => parseSettings(query)).toThrow(message);
  });
  it('both means spectral and direct, side by side', () => {
    expect(variantsOf('both')).toEqual(['spectral', 'direct']);
    expect(variantsOf('direct')).toEqual(['direct']);
  });
});
