import {
  directKernel,
  forward,
  layerSizes,
  type NetworkWeights,
  type SpectralLayerWeights,
} from '@spectral-ts/spectral';
import {
  createRng,
  createTeacher,
  HiddenManifoldTeacher,
  labelVariance,
  LinearTeacher,
  listTeachers,
  makeTestSet,
  manifoldInputs,
  NNTeacher,
  registerTeacher,
  unregisterTeacher,
  type Teacher,
} from '../src';

const relu = (v: number) => (v > 0 ? v : 0);

/** The paper's teacher output written out by hand (method spec §2): y = sum_k relu(sum_j W2_kj relu(sum_i W1_ji x_i)), W = -phi^T. */
function handTeacher(net: NetworkWeights, x: ArrayLike<number>, r: number): number {
  const [l1, l2] = net.layers as SpectralLayerWeights[];
  const d = net.inputDim;
  const h1 = l1.lambdaOut.map((_, j) =>
    relu(-Array.from({ length: d }, (_, i) => l1.phi[i][j] * x[r * d + i]).reduce((a, b) => a + b, 0)),
  );
  const h2 = l2.lambdaOut.map((_, k) => relu(-h1.reduce((s, v, j) => s + l2.phi[j][k] * v, 0)));
  return h2.reduce((a, b) => a + b, 0);
}

describe('nn teacher (method spec §2)', () => {
  const teacher = createTeacher({ kind: 'nn' }) as NNTeacher;

  it('has the paper shape 10 -> 20 -> 20 -> 1, frozen, no bias, all-ones linear output', () => {
    expect(teacher).toBeInstanceOf(NNTeacher);
    expect(teacher.inputDim).toBe(10);
    expect(teacher.size).toBe(20);
    expect(teacher.hidden).toEqual([20, 20]);
    expect(layerSizes(teacher.network)).toEqual([10, 20, 20, 1]);
    const [l1, l2, out] = teacher.network.layers;
    for (const l of [l1, l2]) {
      if (l.kind !== 'spectral') throw new Error('hidden layers are spectral with frozen lambda');
      expect(l.activation).toBe('relu');
      expect(l.lambdaIn.every((v) => v === 0)).toBe(true);
      expect(l.lambdaOut.every((v) => v === 1)).toBe(true);
    }
    expect(out.kind).toBe('dense');
    if (out.kind === 'dense') expect(out.kernel.flat()).toEqual(new Array(20).fill(1));
    expect(out.activation).toBe('linear');
    for (const l of teacher.network.layers) {
      expect(l.trainable).toBe(false);
      expect(l.bias).toBeUndefined();
    }
  });

  it('draws its direct weights Glorot-uniform: inside +-sqrt(6/(fan_in+fan_out)), filling it, variance a^2/3', () => {
    const bounds = [Math.sqrt(6 / 30), Math.sqrt(6 / 40)];
    teacher.network.layers.slice(0, 2).forEach((layer, k) => {
      const w = directKernel(layer).flat();
      const a = bounds[k];
      const maxAbs = Math.max(...w.map(Math.abs));
      expect(maxAbs).toBeLessThanOrEqual(a);
      expect(maxAbs).toBeGreaterThan(0.9 * a);
      const mean = w.reduce((s, v) => s + v, 0) / w.length;
      const variance = w.reduce((s, v) => s + (v - mean) ** 2, 0) / w.length;
      // 200 or 400 draws: the sample variance is within ~25% of a^2/3.
      expect(variance / ((a * a) / 3)).toBeGreaterThan(0.7);
      expect(variance / ((a * a) / 3)).toBeLessThan(1.3);
    });
  });

  it('labels equal the float64 forward pass of its network, and the hand-written paper formula', () => {
    const data = teacher.sample(500, createRng(3));
    const y = forward(teacher.network, data.x, data.rows);
    for (let r = 0; r < data.rows; r++) {
      expect(data.y[r]).toBe(Math.fround(y[r]));
      expect(Math.abs(handTeacher(teacher.network, data.x, r) - y[r])).toBeLessThan(
        1e-12 * Math.max(1, Math.abs(y[r])),
      );
    }
    // Inputs are N(0, I): pooled mean ~ 0 and variance ~ 1 over 5000 entries.
    const xs = Array.from(data.x);
    const m = xs.reduce((s, v) => s + v, 0) / xs.length;
    const v = xs.reduce((s, u) => s + (u - m) ** 2, 0) / xs.length;
    expect(Math.abs(m)).toBeLessThan(0.06);
    expect(Math.abs(v - 1)).toBeLessThan(0.08);
  });

  it('gives a label variance in a sane range (method spec §2: ~2.6 for one draw), reproducibly per seed', () => {
    for (const seed of [0, 1, 2, 3, 4]) {
      const t = createTeacher({ kind: 'nn', seed });
      const a = makeTestSet(t, { test: 10000, seed: 1 });
      const b = makeTestSet(createTeacher({ kind: 'nn', seed }), { test: 10000, seed: 1 });
      const v = labelVariance(a);
      expect(v).toBeGreaterThan(0.5);
      expect(v).toBeLessThan(10);
      expect(labelVariance(b)).toBe(v);
      expect(Array.from(b.y)).toEqual(Array.from(a.y));
      // ReLU outputs summed with weights 1: labels are never negative.
      expect(a.y.every((u) => u >= 0)).toBe(true);
    }
  });

  it('differs between teacher seeds, and describe() rebuilds the same teacher', () => {
    const other = createTeacher({ kind: 'nn', seed: 1 });
    const w0 = directKernel(teacher.network.layers[0]).flat();
    const w1 = directKernel(other.network!.layers[0]).flat();
    expect(w0.filter((v, i) => v === w1[i]).length).toBe(0);
    expect(teacher.describe()).toEqual({ kind: 'nn', inputDim: 10, hidden: [20, 20], seed: 0 });
    expect(createTeacher(teacher.describe()).network).toEqual(teacher.network);
  });

  it('takes other shapes (the "hard" teachers: h_T = 100; deeper chains)', () => {
    const hard = createTeacher({ kind: 'nn', inputDim: 5, hidden: [100, 20, 7], seed: 3 });
    expect(hard.size).toBe(100);
    expect(layerSizes(hard.network!)).toEqual([5, 100, 20, 7, 1]);
    // Changing a later width leaves the first layer's draw alone (per-layer streams).
    const wider = createTeacher({ kind: 'nn', inputDim: 5, hidden: [100, 30], seed: 3 });
    expect((wider.network!.layers[0] as SpectralLayerWeights).phi).toEqual(
      (hard.network!.layers[0] as SpectralLayerWeights).phi,
    );
  });

  it('rejects bad configs with named errors', () => {
    expect(() => createTeacher({ kind: 'nn', hidden: [] })).toThrow(
      /^teacher-student\/createTeacher: teacher.hidden must be a non-empty array .*\(set e.g. hidden: \[20, 20\]\)$/,
    );
    expect(() => createTeacher({ kind: 'nn', hidden: [20, 0] })).toThrow(
      /teacher.hidden\[1\] must be a positive integer, got 0/,
    );
    expect(() => createTeacher({ kind: 'nn', inputDim: 2.5 })).toThrow(
      /teacher.inputDim must be a positive integer, got 2.5/,
    );
    expect(() => createTeacher({ kind: 'nn', seed: -1 })).toThrow(/teacher.seed must be an integer in \[0, 2\^32\)/);
    expect(() => createTeacher({ kind: 'nn', hiden: [20, 20] })).toThrow(
      /unknown field 'hiden' \(known fields: kind, inputDim, hidden, seed\)/,
    );
    expect(() => teacher.sample(0, createRng(1))).toThrow(
      /teacher-student\/NNTeacher.sample: rows must be a positive integer/,
    );
  });
});

describe('linear teacher', () => {
  const teacher = createTeacher({ kind: 'linear' }) as LinearTeacher;

  it('has sorted coefficients a in [0, d), from its seed', () => {
    const a = teacher.coefficients;
    expect(a).toHaveLength(10);
    expect(a.every((v) => v >= 0 && v < 10)).toBe(true);
    expect(a.slice().sort((p, q) => p - q)).toEqual(a);
    expect((createTeacher({ kind: 'linear', seed: 5 }) as LinearTeacher).coefficients).not.toEqual(a);
    expect(teacher.hidden).toEqual([]);
  });

  it('labels are exactly y = a . x, one per row', () => {
    const data = teacher.sample(300, createRng(2));
    expect(data.y).toHaveLength(300);
    for (let r = 0; r < data.rows; r++) {
      let s = 0;
      for (let j = 0; j < 10; j++) s += teacher.coefficients[j] * data.x[r * 10 + j];
      expect(data.y[r]).toBe(Math.fround(s));
    }
    // y = a . x with x ~ N(0, I): labels take both signs.
    expect(data.y.some((v) => v < 0) && data.y.some((v) => v > 0)).toBe(true);
  });
});

describe('hidden-manifold teacher (Goldt et al. 2020)', () => {
  const teacher = createTeacher({
    kind: 'hidden-manifold',
    inputDim: 40,
    latentDim: 6,
    seed: 2,
  }) as HiddenManifoldTeacher;

  it('has a D x N Gaussian feature matrix and a label network on the latent space', () => {
    expect(teacher.features).toHaveLength(6);
    expect(teacher.features[0]).toHaveLength(40);
    const f = teacher.features.flat();
    const m = f.reduce((s, v) => s + v, 0) / f.length;
    const v = f.reduce((s, u) => s + (u - m) ** 2, 0) / f.length;
    expect(Math.abs(m)).toBeLessThan(0.25);
    expect(Math.abs(v - 1)).toBeLessThan(0.3);
    expect(layerSizes(teacher.latentNetwork)).toEqual([6, 20, 20, 1]);
    expect(teacher.size).toBe(20);
    expect((teacher as Teacher).network).toBeUndefined();
  });

  it('makes inputs x = sign(F^T c / sqrt(D)) and labels teacher(c), reproducibly', () => {
    const { data, latent } = teacher.sampleWithLatent(200, createRng(8));
    expect(data.inputDim).toBe(40);
    for (let r = 0; r < 200; r++) {
      for (let j = 0; j < 40; j++) {
        let pre = 0;
        for (let k = 0; k < 6; k++) pre += teacher.features[k][j] * latent[r * 6 + k];
        expect(data.x[r * 40 + j]).toBe(Math.sign(pre));
      }
    }
    expect(data.x.every((v) => v === 1 || v === -1)).toBe(true);
    const y = forward(teacher.latentNetwork, latent, 200);
    for (let r = 0; r < 200; r++) expect(data.y[r]).toBe(Math.fround(y[r]));
    const again = teacher.sample(200, createRng(8));
    expect(Array.from(again.x)).toEqual(Array.from(data.x));
    expect(Array.from(again.y)).toEqual(Array.from(data.y));
  });

  it('with tanh, inputs lie in (-1, 1) and equal tanh(F^T c / sqrt(D)); labels do not depend on f', () => {
    const smooth = createTeacher({
      kind: 'hidden-manifold',
      inputDim: 40,
      latentDim: 6,
      seed: 2,
      nonlinearity: 'tanh',
    }) as HiddenManifoldTeacher;
    const { data, latent } = smooth.sampleWithLatent(100, createRng(8));
    for (let j = 0; j < 40; j++) {
      let pre = 0;
      for (let k = 0; k < 6; k++) pre += smooth.features[k][j] * latent[k];
      expect(Math.abs(data.x[j] - Math.tanh(pre / Math.sqrt(6)))).toBeLessThan(1e-7);
    }
    expect(data.x.every((v) => Math.abs(v) <= 1)).toBe(true);
    expect(data.x.some((v) => Math.abs(v) < 0.9)).toBe(true);
    expect(Array.from(data.y)).toEqual(Array.from(teacher.sample(100, createRng(8)).y));
  });

  it('manifoldInputs rebuilds every input row from its latent vector (for sign, only the direction of c matters)', () => {
    const a = teacher.sampleWithLatent(50, createRng(1));
    expect(Array.from(manifoldInputs(teacher.features, 'sign', a.latent, 50))).toEqual(Array.from(a.data.x));
    const doubled = a.latent.map((v) => 2 * v);
    expect(Array.from(manifoldInputs(teacher.features, 'sign', doubled, 50))).toEqual(Array.from(a.data.x));
    const rows = new Set<string>();
    for (let r = 0; r < 50; r++) rows.add(Array.from(a.data.x.subarray(r * 40, (r + 1) * 40)).join(','));
    expect(rows.size).toBe(50);
  });

  it('resolves its defaults and rejects bad configs', () => {
    const dflt = createTeacher({ kind: 'hidden-manifold' });
    expect(dflt.describe()).toEqual({
      kind: 'hidden-manifold',
      inputDim: 100,
      latentDim: 10,
      hidden: [20, 20],
      nonlinearity: 'sign',
      seed: 0,
    });
    expect(() => createTeacher({ kind: 'hidden-manifold', nonlinearity: 'relu' })).toThrow(
      /teacher.nonlinearity must be one of 'sign', 'tanh', got "relu"/,
    );
    expect(() => createTeacher({ kind: 'hidden-manifold', inputDim: 5, latentDim: 10 })).toThrow(
      /latentDim \(10\) exceeds teacher.inputDim \(5\)/,
    );
  });
});

describe('teacher registry', () => {
  afterEach(() => unregisterTeacher('sum-of-squares'));

  it('lists the built-in kinds with their defaults', () => {
    const kinds = listTeachers();
    expect(kinds.map((k) => k.kind)).toEqual(['nn', 'linear', 'hidden-manifold']);
    expect(kinds[0].defaults).toEqual({ kind: 'nn', inputDim: 10, hidden: [20, 20], seed: 0 });
  });

  it('accepts a plugin teacher that the data functions then use', () => {
    const make = (config: { kind: string; inputDim?: number }): Teacher => {
      const inputDim = config.inputDim ?? 3;
      return {
        kind: 'sum-of-squares',
        inputDim,
        size: inputDim,
        hidden: [],
        sample(rows, rng) {
          const x = new Float32Array(rows * inputDim);
          const y = new Float32Array(rows);
          for (let r = 0; r < rows; r++) {
            for (let j = 0; j < inputDim; j++) {
              x[r * inputDim + j] = rng.normal();
              y[r] += x[r * inputDim + j] ** 2;
            }
          }
          return { inputDim, rows, x, y };
        },
        describe: () => ({ kind: 'sum-of-squares', inputDim }),
      };
    };
    registerTeacher('sum-of-squares', {
      description: 'y = |x|^2',
      defaults: { kind: 'sum-of-squares', inputDim: 3 },
      create: make,
    });
    expect(listTeachers().map((k) => k.kind)).toContain('sum-of-squares');
    const t = createTeacher({ kind: 'sum-of-squares', inputDim: 4 });
    const data = makeTestSet(t, { test: 5000, seed: 1 });
    // E|x|^2 = d for x ~ N(0, I_d).
    const mean = data.y.reduce((s, v) => s + v, 0) / data.rows;
    expect(Math.abs(mean - 4)).toBeLessThan(0.2);
    expect(() =>
      registerTeacher('sum-of-squares', { description: '', defaults: { kind: 'sum-of-squares' }, create: make }),
    ).toThrow(
      /teacher-student\/registerTeacher: a teacher kind 'sum-of-squares' is already registered \(pick another kind, or pass \{ replace: true \}\)/,
    );
    registerTeacher(
      'sum-of-squares',
      { description: 'again', defaults: { kind: 'sum-of-squares' }, create: make },
      { replace: true },
    );
    expect(listTeachers().find((k) => k.kind === 'sum-of-squares')!.description).toBe('again');
  });

  it('rejects unknown kinds, bad names and definitions with named errors', () => {
    expect(() => createTeacher({ kind: 'nope' })).toThrow(
      /teacher-student\/createTeacher: unknown teacher kind "nope" \(registered kinds: nn, linear, hidden-manifold/,
    );
    expect(() => createTeacher(null as never)).toThrow(
      /teacher-student\/createTeacher: the teacher config must be an object, got null/,
    );
    expect(() =>
      registerTeacher('Bad Name', { description: '', defaults: { kind: 'x' }, create: () => ({}) as Teacher }),
    ).toThrow(/kind must be a lower-case name/);
    expect(() => registerTeacher('ok', { description: '' } as never)).toThrow(/has no create\(config\) function/);
  });
});
