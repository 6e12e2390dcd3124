// No figure is drawn from non-finite numbers: rows with NaN/Infinity are dropped and a non-finite domain is removed.
import { escapeMarkdown } from '../src';
import { finiteSpec } from '../src/finite-spec';
import { renderVegaLite } from '../src/vega-svg';
import { divergedNote } from '../src/sections/setup';

describe('finiteSpec', () => {
  it('drops rows holding a non-finite number and a non-finite scale domain', () => {
    const spec = {
      data: {
        values: [
          { x: 1, y: 2 },
          { x: 2, y: Infinity },
          { x: 3, y: NaN },
          { x: 4, y: 1 },
        ],
      },
      mark: 'line',
      encoding: {
        x: { field: 'x', type: 'quantitative' },
        y: { field: 'y', type: 'quantitative', scale: { domain: [Infinity, NaN] } },
      },
    };
    const { spec: out, dropped } = finiteSpec(spec);
    expect(dropped).toBe(2);
    expect(out.data.values).toEqual([
      { x: 1, y: 2 },
      { x: 4, y: 1 },
    ]);
    expect(out.encoding.y.scale).toEqual({});
  });

  it('gives an SVG whose axis names no Infinity or NaN (labels scaled by 1e30 overflow a square)', async () => {
    const big = 1e30;
    const svg = await renderVegaLite({
      data: {
        values: [
          { n: 10, mse: big * big * big * big * big * big * big * big * big * big * big },
          { n: 20, mse: 0.5 },
          { n: 40, mse: 0.25 },
        ],
      },
      mark: 'line',
      encoding: {
        x: { field: 'n', type: 'quantitative' },
        y: { field: 'mse', type: 'quantitative', scale: { domain: [0, Infinity] } },
      },
    });
    expect(svg).toContain('<svg');
    expect(svg).not.toMatch(/Infinity|NaN/);
  });
});

describe('report text', () => {
  it('escapes terminal control characters in Markdown', () => {
    expect(escapeMarkdown('key\u001b[31mred\u0007')).toBe('key\\x1b\\[31mred\\x07');
  });

  it('names the diverged trials, at most ten of them', () => {
    expect(divergedNote(['a'])).toMatch(/^1 trial diverged and is left out of every statistic and figure: a \(/);
    const ids = Array.from({ length: 12 }, (_, i) => `t${i}`);
    expect(divergedNote(ids)).toMatch(/^12 trials diverged .*: t0, t1, .*t9 and 2 more/);
  });
});
