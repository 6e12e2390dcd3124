import { createRng, deriveSeed } from '../src/rng';

const N = 200_000;

function draws(seed: number, n: number, f: (r: ReturnType<typeof createRng>) => number): Float64Array {
  const rng = createRng(seed);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = f(rng);
  return out;
}

function moments(v: Float64Array): { mean: number; variance: number; fourth: number } {
  let mean = 0;
  for (const x of v) mean += x;
  mean /= v.length;
  let variance = 0;
  let fourth = 0;
  for (const x of v) {
    variance += (x - mean) ** 2;
    fourth += (x - mean) ** 4;
  }
  return { mean, variance: variance / v.length, fourth: fourth / v.length };
}

function correlation(a: Float64Array, b: Float64Array): number {
  const ma = moments(a);
  const mb = moments(b);
  let c = 0;
  for (let i = 0; i < a.length; i++) c += (a[i] - ma.mean) * (b[i] - mb.mean);
  return c / a.length / Math.sqrt(ma.variance * mb.variance);
}

describe('createRng', () => {
  it('is deterministic per seed and differs between seeds', () => {
    const a = draws(42, 1000, (r) => r.uniform());
    const b = draws(42, 1000, (r) => r.uniform());
    const c = draws(43, 1000, (r) => r.uniform());
    expect(Array.from(a)).toEqual(Array.from(b));
    expect(a.filter((v, i) => v === c[i]).length).toBe(0);
  });

  it('draws U[0,1) with mean 1/2 and variance 1/12 (4 standard errors)', () => {
    const u = draws(7, N, (r) => r.uniform());
    const m = moments(u);
    expect(u.reduce((a, b) => Math.min(a, b))).toBeGreaterThanOrEqual(0);
    expect(u.reduce((a, b) => Math.max(a, b))).toBeLessThan(1);
    expect(Math.abs(m.mean - 0.5)).toBeLessThan(4 * Math.sqrt(1 / 12 / N));
    // Var of the sample variance of U(0,1): (1/80 - 1/144) / N.
    expect(Math.abs(m.variance - 1 / 12)).toBeLessThan(4 * Math.sqrt((1 / 80 - 1 / 144) / N));
  });

  it('spreads uniform draws evenly over 20 bins (chi-square, 19 dof, p < 1e-4 bound 49)', () => {
    const u = draws(11, N, (r) => r.uniform());
    const bins = new Array(20).fill(0);
    for (const v of u) bins[Math.floor(v * 20)]++;
    const expected = N / 20;
    const chi2 = bins.reduce((s, o) => s + (o - expected) ** 2 / expected, 0);
    expect(chi2).toBeLessThan(49);
  });

  it('draws N(0,1): mean 0, variance 1, fourth moment 3', () => {
    const z = draws(3, N, (r) => r.normal());
    const m = moments(z);
    expect(Math.abs(m.mean)).toBeLessThan(4 / Math.sqrt(N));
    expect(Math.abs(m.variance - 1)).toBeLessThan(4 * Math.sqrt(2 / N));
    expect(Math.abs(m.fourth - 3)).toBeLessThan(4 * Math.sqrt(96 / N));
    // Tail mass beyond 2 sigma: 4.55%.
    const tail = z.filter((v) => Math.abs(v) > 2).length / N;
    expect(Math.abs(tail - 0.0455)).toBeLessThan(0.003);
  });

  it('uniformIn stays in [low, high) and int in [0, n) covering every value', () => {
    const rng = createRng(5);
    const seen = new Set<number>();
    for (let i = 0; i < 10_000; i++) {
      const v = rng.uniformIn(-3, 2);
      expect(v).toBeGreaterThanOrEqual(-3);
      expect(v).toBeLessThan(2);
      const k = rng.int(7);
      expect(Number.isInteger(k) && k >= 0 && k < 7).toBe(true);
      seen.add(k);
    }
    expect(seen.size).toBe(7);
  });

  it('permutation and shuffle return permutations, each position roughly uniform', () => {
    const rng = createRng(9);
    const p = rng.permutation(1000);
    expect(Array.from(p).sort((a, b) => a - b)).toEqual(Array.from({ length: 1000 }, (_, i) => i));
    // Where element 0 lands over many shuffles of 5 items: every slot about 1/5.
    const counts = new Array(5).fill(0);
    for (let t = 0; t < 20_000; t++) counts[rng.shuffle([0, 1, 2, 3, 4]).indexOf(0)]++;
    for (const c of counts) expect(Math.abs(c / 20_000 - 0.2)).toBeLessThan(0.012);
  });

  it('rejects a non-finite seed with a named error', () => {
    expect(() => createRng(Number.NaN)).toThrow(/statistics\/createRng: seed must be a finite number/);
  });
});

describe('deriveSeed', () => {
  it('is a pure function of base and path', () => {
    expect(deriveSeed(1, 'train', 3)).toBe(deriveSeed(1, 'train', 3));
    expect(deriveSeed(1, 'train', 3)).toBeGreaterThanOrEqual(0);
    expect(Number.isInteger(deriveSeed(1, 'train', 3))).toBe(true);
  });

  it('gives distinct seeds for distinct bases, labels, indices and path splits', () => {
    const seeds = [
      deriveSeed(1, 'test'),
      deriveSeed(1, 'train', 0),
      deriveSeed(2, 'train', 0),
      deriveSeed(1, 'train', 1),
      deriveSeed(1, 'train0'),
      deriveSeed(1, 'tra', 'in', 0),
      deriveSeed(1),
    ];
    expect(new Set(seeds).size).toBe(seeds.length);
    const trials = Array.from({ length: 1000 }, (_, t) => deriveSeed(1, 'train', t));
    expect(new Set(trials).size).toBe(1000);
  });

  it('gives streams that are uncorrelated with each other and with the base stream', () => {
    const n = 50_000;
    const base = draws(1, n, (r) => r.normal());
    const a = draws(deriveSeed(1, 'train', 0), n, (r) => r.normal());
    const b = draws(deriveSeed(1, 'train', 1), n, (r) => r.normal());
    const t = draws(deriveSeed(1, 'test'), n, (r) => r.normal());
    for (const [x, y] of [
      [a, b],
      [a, t],
      [b, t],
      [base, a],
    ] as const) {
      expect(Math.abs(correlation(x, y))).toBeLessThan(4 / Math.sqrt(n));
    }
    // Neighbouring raw seeds are decorrelated too (splitmix32 scrambles the seed).
    expect(
      Math.abs(
        correlation(
          draws(100, n, (r) => r.uniform()),
          draws(101, n, (r) => r.uniform()),
        ),
      ),
    ).toBeLessThan(4 / Math.sqrt(n));
  });
});
