import {
  directKernel,
  forward,
  layerSizes,
  validateNetwork,
  type DenseLayerWeights,
  type SpectralLayerWeights,
} from '@spectral-ts/spectral';
import {
  buildPaperStudent,
  buildPaperStudentFor,
  buildStudent,
  createRng,
  createTeacher,
  paperStudentLayers,
  studentSeed,
} from '../src';

function stats(values: number[]): { maxAbs: number; variance: number } {
  const mean = values.reduce((s, v) => s + v, 0) / values.length;
  return {
    maxAbs: Math.max(...values.map(Math.abs)),
    variance: values.reduce((s, v) => s + (v - mean) ** 2, 0) / values.length,
  };
}

describe('buildPaperStudent (method spec §3)', () => {
  it.each([10, 40, 200, 1000])(
    'N1 = %i: Spectral(N1) -> Dense(20) -> Dense(1, ones, frozen) with Glorot bounds',
    (n1) => {
      const net = buildPaperStudent({ inputDim: 10, hidden: n1, teacherSecond: 20, firstLayer: 'spectral' }, 5);
      validateNetwork(net);
      expect(layerSizes(net)).toEqual([10, n1, 20, 1]);
      const [s, d2, out] = net.layers as [SpectralLayerWeights, DenseLayerWeights, DenseLayerWeights];
      expect([s.kind, d2.kind, out.kind]).toEqual(['spectral', 'dense', 'dense']);
      expect([s.activation, d2.activation, out.activation]).toEqual(['relu', 'relu', 'linear']);
      expect([s.trainable, d2.trainable, out.trainable]).toEqual([true, true, false]);
      expect([s.bias, d2.bias, out.bias]).toEqual([undefined, undefined, undefined]);
      // method spec §1: lambdaIn = 0, lambdaOut starts at 1, so W = -phi.
      expect(s.lambdaIn).toEqual(new Array(10).fill(0));
      expect(s.lambdaOut).toEqual(new Array(n1).fill(1));
      expect(out.kernel).toEqual(new Array(20).fill(0).map(() => [1]));
      const a1 = Math.sqrt(6 / (10 + n1));
      const a2 = Math.sqrt(6 / (n1 + 20));
      const phi = stats(s.phi.flat());
      const k2 = stats(d2.kernel.flat());
      expect(phi.maxAbs).toBeLessThanOrEqual(a1);
      expect(phi.maxAbs).toBeGreaterThan(0.8 * a1);
      expect(k2.maxAbs).toBeLessThanOrEqual(a2);
      expect(k2.maxAbs).toBeGreaterThan(0.8 * a2);
      if (n1 >= 200) {
        // >= 2000 draws: U(-a, a) has variance a^2 / 3.
        expect(Math.abs(phi.variance / ((a1 * a1) / 3) - 1)).toBeLessThan(0.1);
        expect(Math.abs(k2.variance / ((a2 * a2) / 3) - 1)).toBeLessThan(0.1);
      }
    },
  );

  it('the same seed gives identical students, another seed different ones', () => {
    const a = buildPaperStudent({ hidden: 40 }, 11);
    expect(buildPaperStudent({ hidden: 40 }, 11)).toEqual(a);
    const b = buildPaperStudent({ hidden: 40 }, 12);
    const pa = (a.layers[0] as SpectralLayerWeights).phi.flat();
    const pb = (b.layers[0] as SpectralLayerWeights).phi.flat();
    expect(pa.filter((v, i) => v === pb[i]).length).toBe(0);
  });

  it('a dense first layer starts as the same function as the spectral one (kernel = -phi)', () => {
    const spectral = buildPaperStudent({ hidden: 30, firstLayer: 'spectral' }, 4);
    const dense = buildPaperStudent({ hidden: 30, firstLayer: 'dense' }, 4);
    expect(dense.layers[0].kind).toBe('dense');
    expect(directKernel(dense.layers[0])).toEqual(directKernel(spectral.layers[0]));
    const x = Float32Array.from({ length: 50 * 10 }, createRng(1).normal);
    expect(Array.from(forward(dense, x, 50))).toEqual(Array.from(forward(spectral, x, 50)));
  });

  it('matches the teacher: buildPaperStudentFor takes inputDim and h_2 from it', () => {
    const teacher = createTeacher({ kind: 'nn', inputDim: 6, hidden: [20, 13] });
    const net = buildPaperStudentFor(teacher, 40, 3);
    expect(layerSizes(net)).toEqual([6, 40, 13, 1]);
    expect(net).toEqual(buildPaperStudent({ inputDim: 6, hidden: 40, teacherSecond: 13 }, 3));
  });

  it('studentSeed separates sizes and trials', () => {
    const seeds = [studentSeed(2, 40, 0), studentSeed(2, 40, 1), studentSeed(2, 200, 0), studentSeed(3, 40, 0)];
    expect(new Set(seeds).size).toBe(4);
    expect(studentSeed(2, 40, 1)).toBe(studentSeed(2, 40, 1));
  });

  it('rejects bad options with named errors', () => {
    expect(() => buildPaperStudent({ hidden: 0 }, 1)).toThrow(
      /^teacher-student\/buildPaperStudent: hidden must be a positive integer, got 0 \(set hidden to N1, e.g. 40\)$/,
    );
    expect(() => buildPaperStudent({ hidden: 40, firstLayer: 'conv' as never }, 1)).toThrow(
      /firstLayer must be one of 'spectral', 'dense'/,
    );
    expect(() => buildPaperStudent({ hidden: 40, units: 3 } as never, 1)).toThrow(/unknown field 'units'/);
    expect(() => buildPaperStudent({ hidden: 40 }, -2)).toThrow(
      /teacher-student\/buildStudent: seed must be an integer/,
    );
  });
});

describe('buildStudent (layer specs)', () => {
  it('builds any chain: every hidden layer spectral, bias on request, per-layer trainable flags', () => {
    const net = buildStudent(
      [
        { units: 30, kind: 'spectral' },
        { units: 15, kind: 'spectral', activation: 'tanh', useBias: true },
        { units: 1, kind: 'dense', activation: 'linear' },
      ],
      8,
      21,
    );
    validateNetwork(net);
    expect(layerSizes(net)).toEqual([8, 30, 15, 1]);
    const [l1, l2, l3] = net.layers as [SpectralLayerWeights, SpectralLayerWeights, DenseLayerWeights];
    expect(l2.kind).toBe('spectral');
    expect(l2.lambdaIn).toEqual(new Array(30).fill(0));
    expect(l2.bias).toEqual(new Array(15).fill(0));
    expect(l2.activation).toBe('tanh');
    expect(l1.bias).toBeUndefined();
    expect(stats(l2.phi.flat()).maxAbs).toBeLessThanOrEqual(Math.sqrt(6 / 45));
    expect(l3.trainable).toBe(true);
    expect(stats(l3.kernel.flat()).maxAbs).toBeLessThanOrEqual(Math.sqrt(6 / 16));
  });

  it('draws layer k from its own stream: changing a later layer leaves earlier ones unchanged', () => {
    const a = buildStudent(
      [
        { units: 30, kind: 'spectral' },
        { units: 20, kind: 'dense' },
      ],
      10,
      5,
    );
    const b = buildStudent(
      [
        { units: 30, kind: 'spectral' },
        { units: 7, kind: 'dense' },
        { units: 1, kind: 'dense' },
      ],
      10,
      5,
    );
    expect(b.layers[0]).toEqual(a.layers[0]);
    // The paper builder is exactly these specs.
    expect(buildPaperStudent({ hidden: 30 }, 5)).toEqual(buildStudent(paperStudentLayers({ hidden: 30 }), 10, 5));
  });

  it('supports ones / zeros initialisers', () => {
    const net = buildStudent(
      [
        { units: 3, kind: 'spectral', initializer: 'ones' },
        { units: 2, kind: 'dense', initializer: 'zeros' },
      ],
      2,
      0,
    );
    expect(directKernel(net.layers[0])).toEqual([
      [1, 1, 1],
      [1, 1, 1],
    ]);
    expect((net.layers[0] as SpectralLayerWeights).phi).toEqual([
      [-1, -1, -1],
      [-1, -1, -1],
    ]);
    expect((net.layers[1] as DenseLayerWeights).kernel).toEqual([
      [0, 0],
      [0, 0],
      [0, 0],
    ]);
  });

  it('rejects bad specs with named errors', () => {
    expect(() => buildStudent([], 10, 0)).toThrow(/^teacher-student\/buildStudent: layers must be a non-empty array/);
    expect(() => buildStudent([{ units: 0, kind: 'dense' }], 10, 0)).toThrow(
      /layers\[0\].units must be a positive integer, got 0/,
    );
    expect(() =>
      buildStudent(
        [
          { units: 4, kind: 'dense' },
          { units: 4, kind: 'lstm' as never },
        ],
        10,
        0,
      ),
    ).toThrow(/layers\[1\].kind must be one of 'spectral', 'dense', got "lstm"/);
    expect(() => buildStudent([{ units: 4, kind: 'dense', activation: 'gelu' as never }], 10, 0)).toThrow(
      /activation must be one of/,
    );
    expect(() => buildStudent([{ units: 4, kind: 'dense', trainable: 'no' as never }], 10, 0)).toThrow(
      /layers\[0\].trainable must be true or false/,
    );
    expect(() => buildStudent([{ units: 4, kind: 'dense', unit: 3 } as never], 10, 0)).toThrow(
      /layer spec 0 has an unknown field 'unit'/,
    );
    expect(() => buildStudent([{ units: 4, kind: 'dense' }], 0, 0)).toThrow(/inputDim must be a positive integer/);
  });
});
