/**
 * statistics/rng: a small seeded random number generator, so that every teacher, data set, initialisation, shuffle
 * and bootstrap resample is reproducible from integer seeds on every backend (tfjs's own seeded ops differ between
 * backends). It lives here, at the bottom of the package order, because the bootstrap needs it and teacher-student
 * re-exports it.
 * Algorithm: sfc32 seeded through splitmix32 (both public-domain, well studied, 2^128 state).
 */
import { fail } from './errors';

export interface Rng {
  /** Uniform on [0, 1). */
  uniform(): number;
  /** Uniform on [low, high). */
  uniformIn(low: number, high: number): number;
  /** Standard normal (Box-Muller). */
  normal(): number;
  /** Uniform integer in [0, n). */
  int(n: number): number;
  /** Fisher-Yates shuffle in place; returns the array. */
  shuffle<T extends { length: number; [i: number]: unknown }>(a: T): T;
  /** A permutation of 0..n-1. */
  permutation(n: number): Uint32Array;
}

function splitmix32(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
}

/**
 * Derives an independent 32-bit seed from a base seed and a path of labels (e.g. deriveSeed(42, 'trial', 3, 'init')),
 * so that sub-streams never overlap by accident and adding a stream does not shift the others.
 */
export function deriveSeed(base: number, ...path: (string | number)[]): number {
  let h = splitmix32(base)();
  for (const part of path) {
    const text = String(part);
    for (let i = 0; i < text.length; i++) h = splitmix32(h ^ text.charCodeAt(i))();
    h = splitmix32(h ^ 0x2f)();
  }
  return h >>> 0;
}

/** Creates a generator from an integer seed. */
export function createRng(seed: number): Rng {
  if (!Number.isFinite(seed))
    fail('createRng', `seed must be a finite number, got ${seed} (pass an integer seed, e.g. 0)`);
  const init = splitmix32(Math.floor(seed));
  let a = init();
  let b = init();
  let c = init();
  let d = init();
  const next = (): number => {
    const t = (((a + b) >>> 0) + d) >>> 0;
    d = (d + 1) >>> 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) >>> 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) >>> 0;
    return t >>> 0;
  };
  for (let i = 0; i < 12; i++) next();
  let spare: number | null = null;
  const uniform = (): number => next() / 4294967296;
  const rng: Rng = {
    uniform,
    uniformIn: (low, high) => low + (high - low) * uniform(),
    normal() {
      if (spare !== null) {
        const v = spare;
        spare = null;
        return v;
      }
      let u = uniform();
      while (u === 0) u = uniform();
      const v = uniform();
      const r = Math.sqrt(-2 * Math.log(u));
      spare = r * Math.sin(2 * Math.PI * v);
      return r * Math.cos(2 * Math.PI * v);
    },
    int: (n) => Math.floor(uniform() * n),
    shuffle(arr) {
      for (let i = arr.length - 1; i > 0; i--) {
        const j = Math.floor(uniform() * (i + 1));
        const t = arr[i];
        arr[i] = arr[j];
        arr[j] = t;
      }
      return arr;
    },
    permutation(n) {
      const p = new Uint32Array(n);
      for (let i = 0; i < n; i++) p[i] = i;
      return rng.shuffle(p);
    },
  };
  return rng;
}
